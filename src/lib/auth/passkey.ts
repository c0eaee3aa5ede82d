// Browser side of the passkey ceremonies.
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { api, NETWORK_ERROR } from '$lib/client/http';

export interface Me {
	id: string;
	email: string | null;
	role: 'staff' | 'manager' | 'admin' | 'kiosk';
	status: string;
	display_name: string;
	location_ids: string[];
}

export async function registerWithInvitation(
	invitationToken: string,
	email?: string,
	displayName?: string
) {
	const optionsJSON = await api<never>('POST', '/api/v1/auth/register/options', {
		invitationToken,
		...(email ? { email } : {}),
		...(displayName ? { displayName } : {})
	});
	const response = await startRegistration({ optionsJSON });
	return api<{ user: Me }>('POST', '/api/v1/auth/register/verify', { invitationToken, response });
}

export async function signIn(email?: string) {
	const optionsJSON = await api<never>(
		'POST',
		'/api/v1/auth/login/options',
		email ? { email } : {}
	);
	const response = await startAuthentication({ optionsJSON });
	return api<{ user: Me }>('POST', '/api/v1/auth/login/verify', { response });
}

export async function addPasskey(name?: string) {
	const optionsJSON = await api<never>('POST', '/api/v1/auth/credentials/options', {});
	const response = await startRegistration({ optionsJSON });
	return api('POST', '/api/v1/auth/credentials/verify', { response, ...(name ? { name } : {}) });
}

/** A readable message for what the browser or server refused. */
export function describeError(e: unknown): string {
	const err = e as { name?: string; message?: string };
	if (err?.name === 'NotAllowedError') return 'The passkey prompt was cancelled or timed out.';
	if (err?.name === 'InvalidStateError')
		return 'This device already has a passkey for this account.';
	// The role gate answers a bare "Forbidden" (the contract's body); a person needs words.
	const status = (e as { status?: number })?.status;
	if ((e as { code?: string })?.code === NETWORK_ERROR)
		return 'No connection: this needs the network. Try again when it is back.';
	if (status === 403 && (!err?.message || err.message === 'Forbidden'))
		return 'Your role cannot do this. Ask a manager or an admin.';
	return err?.message || 'Something went wrong';
}
