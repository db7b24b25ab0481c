import { deleteTokenMatches } from './deleteToken';
import { ServiceError } from './errors';
import { NOT_FOUND } from './upload/answer';
import { isVisibleTo } from './upload/lifecycle';
import type { UploadRecord } from './upload/record';

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{1,200})\s*$/i;

/** Who sends a request that changes an upload: the authorizer's caller, and the request's Authorization header (an anonymous upload's delete token). */
export interface UploadRequester {
  caller: string | null;
  authorization: string | undefined;
}

/** Who asks to change an upload: a signed-in caller (AUTH_MODE=jwt), or the holder of a delete token. */
export type UploadCredential = { caller: string } | { token: string };

/**
 * The credential of a request that changes an upload (DELETE, a multipart upload's parts, completion
 * and abort): the authorizer's caller, else `Authorization: Bearer <delete token>`. Asked before any
 * read, so that a request without one costs nothing.
 */
export function uploadCredential(request: UploadRequester, action: string): UploadCredential {
  if (request.caller) return { caller: request.caller };
  const token = BEARER.exec(request.authorization ?? '')?.[1];
  if (!token) throw new ServiceError('UNAUTHORIZED', `Send the delete token from the upload answer to ${action}: Authorization: Bearer <token>.`);
  return { token };
}

/**
 * The record, if this credential may change it: another owner's upload is answered exactly as an
 * unknown id (NOT_FOUND), a token that is not this upload's is FORBIDDEN.
 */
export function requireUploadAccess(record: UploadRecord | null, credential: UploadCredential): UploadRecord {
  const caller = 'caller' in credential ? credential.caller : null;
  if (!record || !isVisibleTo(record, caller)) throw new ServiceError(NOT_FOUND.code, NOT_FOUND.message);
  if ('token' in credential && !deleteTokenMatches(credential.token, record.deleteTokenHash))
    throw new ServiceError('FORBIDDEN', 'This token does not belong to this upload.');
  return record;
}
