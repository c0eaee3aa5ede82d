// Passkey (WebAuthn) ceremonies on @simplewebauthn/server. Challenges are stored server-side,
// single use (DELETE … RETURNING) and expire after 5 minutes. User verification is required.
// The library does not check that a credential belongs to anyone: we look the owner up.
import {
	generateAuthenticationOptions,
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import { config } from '../config';
import type { Db } from '../db/index';
import { ApiError, badRequest } from '../http/errors';

export const CHALLENGE_TTL_MS = 5 * 60_000;

export function relyingParty() {
	const origin = config.webauthnOrigin;
	return {
		origin,
		rpID: new URL(origin).hostname,
		rpName: config.webauthnRpName
	};
}

type Purpose = 'register' | 'login' | 'add_credential';

async function saveChallenge(
	db: Db,
	challenge: string,
	purpose: Purpose,
	refs: { userId?: string | null; invitationId?: string | null } = {}
) {
	// Opportunistic cleanup keeps the table small without a scheduler.
	await db`delete from auth_challenges where expires_at < now() - interval '1 hour'`;
	await db`
		insert into auth_challenges (challenge, purpose, user_id, invitation_id, expires_at)
		values (${challenge}, ${purpose}, ${refs.userId ?? null}, ${refs.invitationId ?? null},
			${new Date(Date.now() + CHALLENGE_TTL_MS)})`;
}

/** Consumes the challenge the client echoes in clientDataJSON: single use, unexpired, same purpose. */
export async function consumeChallenge(db: Db, clientDataJSON: string, purpose: Purpose) {
	let challenge: string;
	try {
		challenge = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')).challenge;
	} catch {
		throw badRequest('response.clientDataJSON is not valid');
	}
	if (typeof challenge !== 'string' || !challenge)
		throw badRequest('response.clientDataJSON has no challenge');
	const [row] = await db<
		{
			challenge: string;
			user_id: string | null;
			invitation_id: string | null;
			expires_at: Date;
			data: Record<string, unknown>;
		}[]
	>`
		delete from auth_challenges where challenge = ${challenge} and purpose = ${purpose}
		returning challenge, user_id, invitation_id, expires_at, data`;
	if (!row || row.expires_at.getTime() < Date.now()) {
		throw new ApiError(400, 'Challenge expired or already used; start again');
	}
	return row;
}

export interface CredentialRow {
	id: string;
	user_id: string;
	public_key: Buffer;
	counter: number;
	transports: string[];
}

export async function registrationOptions(
	db: Db,
	user: { webauthnUserId: Buffer; name: string; displayName: string },
	existing: { id: string; transports: string[] }[],
	purpose: 'register' | 'add_credential',
	refs: { userId?: string | null; invitationId?: string | null }
) {
	const rp = relyingParty();
	const options = await generateRegistrationOptions({
		rpName: rp.rpName,
		rpID: rp.rpID,
		userName: user.name,
		userDisplayName: user.displayName,
		userID: new Uint8Array(user.webauthnUserId),
		attestationType: 'none',
		excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
		authenticatorSelection: { residentKey: 'required', userVerification: 'required' }
	});
	await saveChallenge(db, options.challenge, purpose, refs);
	return options;
}

export async function verifyRegistration(response: RegistrationResponseJSON, challenge: string) {
	const rp = relyingParty();
	let result;
	try {
		result = await verifyRegistrationResponse({
			response,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.rpID,
			requireUserVerification: true
		});
	} catch (e) {
		throw badRequest(`Passkey registration failed: ${(e as Error).message}`);
	}
	if (!result.verified) throw badRequest('Passkey registration could not be verified');
	const info = result.registrationInfo;
	return {
		id: info.credential.id,
		publicKey: Buffer.from(info.credential.publicKey),
		counter: info.credential.counter,
		transports: (info.credential.transports ?? []) as string[],
		deviceType: info.credentialDeviceType,
		backedUp: info.credentialBackedUp
	};
}

export async function loginOptions(db: Db) {
	const rp = relyingParty();
	const options = await generateAuthenticationOptions({
		rpID: rp.rpID,
		userVerification: 'required'
	});
	await saveChallenge(db, options.challenge, 'login');
	return options;
}

/**
 * One answer for every failed sign-in (unknown passkey, disabled account, bad signature, a
 * counter that went backwards): the caller learns nothing about accounts or authenticators.
 * The reason goes to the server log, without a stack.
 */
export function signInFailed(reason: string): ApiError {
	console.warn(`passkey sign-in refused: ${reason}`);
	return new ApiError(401, 'Passkey sign-in failed');
}

/** Verifies an assertion against a stored credential; returns the new signature counter. */
export async function verifyLogin(
	response: AuthenticationResponseJSON,
	challenge: string,
	cred: CredentialRow
) {
	const rp = relyingParty();
	let result;
	try {
		result = await verifyAuthenticationResponse({
			response,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.rpID,
			requireUserVerification: true,
			credential: {
				id: cred.id,
				publicKey: new Uint8Array(cred.public_key),
				counter: cred.counter,
				transports: cred.transports as never
			}
		});
	} catch (e) {
		throw signInFailed((e as Error).message);
	}
	if (!result.verified) throw signInFailed('signature did not verify');
	return result.authenticationInfo.newCounter;
}
