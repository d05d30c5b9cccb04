namespace StreamSwarm.Core.Protocol;

/// <summary>The first byte of every peer message (docs/protocol.md, "Messages").</summary>
public enum PeerMessageType : byte
{
    Hello = 0x01,
    Have = 0x02,
    Bitfield = 0x03,
    Request = 0x04,
    Data = 0x05,
    Cancel = 0x06,
    Choke = 0x07,
    Unchoke = 0x08,
    Absent = 0x09,
}
