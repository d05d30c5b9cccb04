/** Why a message was refused; the names match the golden vectors and the C# codec. */
export type ProtocolErrorCode =
  | 'Empty'
  | 'Truncated'
  | 'TrailingBytes'
  | 'BadVersion'
  | 'BadName'
  | 'BadCount'
  | 'OutOfRange'
  | 'TooLong';
