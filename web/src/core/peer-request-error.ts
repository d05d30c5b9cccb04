/** Why a request to a neighbour ended without bytes; the part is then asked elsewhere. */
export type PeerRequestFailure = 'timeout' | 'absent' | 'closed' | 'bad';

export class PeerRequestError extends Error {
  constructor(
    readonly kind: PeerRequestFailure,
    message: string,
  ) {
    super(message);
  }
}
