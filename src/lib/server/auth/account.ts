// Registration, login and passkey management: the ceremonies plus what they change in the
// database, each in one transaction.
import { randomBytes } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { Db, Sql } from '../db/index';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';
import { record } from '../audit/log';
import type { Identity } from './identity';
import * as invitations from './invitations';
import * as sessions from './sessions';
import * as users from './users';
import * as webauthn from './webauthn';

const json = z.record(z.string(), z.unknown());
export const registerOptionsBody = z.strictObject({
	invitationToken: z.string().min(1).max(200),
	email: z.email().max(320).optional(),
	displayName: z.string().trim().min(1).max(200).optional()
});
export const registerVerifyBody = z.strictObject({
	invitationToken: z.string().min(1).max(200),
	response: json
});
export const loginOptionsBody = z.strictObject({ email: z.email().max(320).optional() });
export const loginVerifyBody = z.strictObject({ response: json });
export const credentialVerifyBody = z.strictObject({
	response: json,
	name: z.string().trim().min(1).max(100).optional()
});

/** Minimal shape checks so a malformed response is a 400, never a library crash. */
const registrationShape = z
	.object({
		id: z.string().min(1),
		rawId: z.string().min(1),
		type: z.literal('public-key'),
		response: z
			.object({ clientDataJSON: z.string().min(1), attestationObject: z.string().min(1) })
			.loose()
	})
	.loose();
const authenticationShape = z
	.object({
		id: z.string().min(1).max(1024),
		rawId: z.string().min(1),
		type: z.literal('public-key'),
		response: z
			.object({
				clientDataJSON: z.string().min(1),
				authenticatorData: z.string().min(1),
				signature: z.string().min(1)
			})
			.loose()
	})
	.loose();

function shape<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
	const r = schema.safeParse(value);
	if (!r.success) throw new ApiError(400, `response is not a valid ${what} response`);
	return r.data;
}

export interface Meta {
	userAgent: string;
	ip: string;
}

export async function registrationOptions(sql: Sql, body: z.output<typeof registerOptionsBody>) {
	return sql.begin(async (tx) => {
		const inv = await invitations.findOpen(tx, body.invitationToken);
		if (!inv) throw notFound('Invitation not found, used or expired');
		// An invitation issued to an email is for that person: whoever holds the link cannot
		// register under another address (the invitation's own spelling is kept).
		if (inv.email && body.email && inv.email.toLowerCase() !== body.email.toLowerCase())
			throw badRequest('This invitation was issued to another email address');
		const email = inv.email ?? body.email ?? null;
		if (email && (await users.byEmail(tx, email)))
			throw conflict('An account with this email already exists');
		const handle = randomBytes(32);
		const displayName = body.displayName ?? email ?? 'PrepTable user';
		const options = await webauthn.registrationOptions(
			tx,
			{ webauthnUserId: handle, name: email ?? displayName, displayName },
			[],
			'register',
			{ invitationId: inv.id }
		);
		await tx`update auth_challenges set data = ${tx.json({ email, displayName, handle: handle.toString('base64url') })}
			where challenge = ${options.challenge}`;
		return options;
	});
}

export async function register(sql: Sql, body: z.output<typeof registerVerifyBody>, meta: Meta) {
	const response = shape(
		registrationShape,
		body.response,
		'registration'
	) as unknown as RegistrationResponseJSON;
	return sql.begin(async (tx) => {
		const challenge = await webauthn.consumeChallenge(
			tx,
			response.response.clientDataJSON,
			'register'
		);
		const inv = await invitations.findOpen(tx, body.invitationToken, true);
		if (!inv || inv.id !== challenge.invitation_id)
			throw notFound('Invitation not found, used or expired');
		const data = challenge.data as { email: string | null; displayName: string; handle: string };
		const cred = await webauthn.verifyRegistration(response, challenge.challenge);
		const [taken] = await tx`select 1 from webauthn_credentials where id = ${cred.id}`;
		if (taken) throw conflict('This passkey is already registered');
		if (data.email && (await users.byEmail(tx, data.email)))
			throw conflict('An account with this email already exists');
		const userId = await users.create(tx, {
			email: data.email,
			displayName: data.displayName,
			role: inv.bootstrap ? 'admin' : inv.role,
			webauthnUserId: Buffer.from(data.handle, 'base64url')
		});
		const locationIds = await users.setLocations(tx, userId, inv.location_ids);
		await insertCredential(tx, userId, cred, 'Passkey');
		await invitations.markUsed(tx, inv.id, userId);
		const actor = { userId, role: inv.bootstrap ? ('admin' as const) : inv.role };
		await record(tx, actor, {
			action: 'register',
			entity: 'user',
			entityId: userId,
			after: {
				email: data.email,
				role: actor.role,
				location_ids: locationIds,
				invitation_id: inv.id
			}
		});
		const session = await sessions.create(tx, userId, meta);
		return { userId, session };
	});
}

async function insertCredential(
	tx: Db,
	userId: string,
	cred: Awaited<ReturnType<typeof webauthn.verifyRegistration>>,
	name: string
) {
	await tx`
		insert into webauthn_credentials (id, user_id, public_key, counter, transports, device_type, backed_up, name)
		values (${cred.id}, ${userId}, ${cred.publicKey}, ${cred.counter}, ${cred.transports},
			${cred.deviceType}, ${cred.backedUp}, ${name})`;
}

// Every passkey is registered as a discoverable credential (residentKey: 'required'), so the
// browser finds the account's passkey by itself: the options never list credential ids, and
// are the same for a known email, an unknown one and none (no account enumeration). The email
// is still accepted so the login form's field keeps working.
export async function loginOptions(sql: Sql, body: z.output<typeof loginOptionsBody>) {
	void body;
	return webauthn.loginOptions(sql);
}

export async function login(sql: Sql, body: z.output<typeof loginVerifyBody>, meta: Meta) {
	const response = shape(
		authenticationShape,
		body.response,
		'authentication'
	) as unknown as AuthenticationResponseJSON;
	return sql.begin(async (tx) => {
		const challenge = await webauthn.consumeChallenge(
			tx,
			response.response.clientDataJSON,
			'login'
		);
		const [cred] = await tx<(webauthn.CredentialRow & { status: string })[]>`
			select c.id, c.user_id, c.public_key, c.counter, c.transports, u.status
			from webauthn_credentials c join users u on u.id = c.user_id
			where c.id = ${response.id}
			for update of c`;
		if (!cred || cred.status !== 'active')
			throw webauthn.signInFailed('unknown or disabled passkey');
		const counter = await webauthn.verifyLogin(response, challenge.challenge, cred);
		await tx`update webauthn_credentials set counter = ${counter}, last_used_at = now() where id = ${cred.id}`;
		const session = await sessions.create(tx, cred.user_id, meta);
		return { userId: cred.user_id, session };
	});
}

export async function credentialOptions(sql: Sql, me: Identity) {
	return sql.begin(async (tx) => {
		const [u] = await tx<
			{ webauthn_user_id: Buffer; email: string | null; display_name: string }[]
		>`
			select webauthn_user_id, email, display_name from users where id = ${me.userId}`;
		const existing = await tx<{ id: string; transports: string[] }[]>`
			select id, transports from webauthn_credentials where user_id = ${me.userId}`;
		return webauthn.registrationOptions(
			tx,
			{
				webauthnUserId: u.webauthn_user_id,
				name: u.email ?? u.display_name,
				displayName: u.display_name || (u.email ?? '')
			},
			existing,
			'add_credential',
			{ userId: me.userId }
		);
	});
}

export async function addCredential(
	sql: Sql,
	me: Identity,
	body: z.output<typeof credentialVerifyBody>
) {
	const response = shape(
		registrationShape,
		body.response,
		'registration'
	) as unknown as RegistrationResponseJSON;
	return sql.begin(async (tx) => {
		const challenge = await webauthn.consumeChallenge(
			tx,
			response.response.clientDataJSON,
			'add_credential'
		);
		if (challenge.user_id !== me.userId)
			throw new ApiError(400, 'Challenge belongs to another account');
		const cred = await webauthn.verifyRegistration(response, challenge.challenge);
		const [taken] = await tx`select 1 from webauthn_credentials where id = ${cred.id}`;
		if (taken) throw conflict('This passkey is already registered');
		const [{ n }] = await tx<
			{ n: number }[]
		>`select count(*)::int as n from webauthn_credentials where user_id = ${me.userId}`;
		const name = body.name ?? `Passkey ${n + 1}`;
		await insertCredential(tx, me.userId, cred, name);
		await record(tx, me, {
			action: 'add_credential',
			entity: 'user',
			entityId: me.userId,
			after: { credential_id: cred.id, name }
		});
		return { id: cred.id, name };
	});
}

export async function removeCredential(sql: Sql, me: Identity, credentialId: string) {
	return sql.begin(async (tx) => {
		// Lock all of the user's credentials: two concurrent removals cannot both see "two left".
		const creds = await tx<{ id: string; name: string }[]>`
			select id, name from webauthn_credentials where user_id = ${me.userId} order by id for update`;
		const target = creds.find((c) => c.id === credentialId);
		if (!target) throw notFound('Passkey not found');
		if (creds.length <= 1)
			throw conflict('You cannot remove your last passkey; add another one first');
		await tx`delete from webauthn_credentials where id = ${credentialId} and user_id = ${me.userId}`;
		await record(tx, me, {
			action: 'remove_credential',
			entity: 'user',
			entityId: me.userId,
			before: target
		});
	});
}

/** Signs out one of the caller's own sessions (another device, or this one). */
export async function revokeSession(sql: Sql, me: Identity, sessionId: string) {
	return sql.begin(async (tx) => {
		if (!(await sessions.revoke(tx, me.userId, sessionId))) throw notFound('Session not found');
		await record(tx, me, { action: 'revoke_session', entity: 'user', entityId: me.userId });
	});
}

/** The caller's passkeys, oldest first. */
export async function credentials(db: Db, me: Identity) {
	return db`
		select id, name, device_type, backed_up, transports, created_at, last_used_at
		from webauthn_credentials where user_id = ${me.userId} order by created_at`;
}
