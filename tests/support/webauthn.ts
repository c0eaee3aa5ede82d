// A software passkey authenticator (ES256, attestation "none") producing real WebAuthn
// responses, so the ceremonies can be tested end to end without a browser.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

function cborHead(major: number, n: number): Buffer {
	if (n < 24) return Buffer.from([(major << 5) | n]);
	if (n < 256) return Buffer.from([(major << 5) | 24, n]);
	if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
	const b = Buffer.alloc(5);
	b[0] = (major << 5) | 26;
	b.writeUInt32BE(n, 1);
	return b;
}

type Cbor = number | string | Buffer | Map<Cbor, Cbor> | { [k: string]: Cbor };
function cbor(v: Cbor): Buffer {
	if (typeof v === 'number') return v >= 0 ? cborHead(0, v) : cborHead(1, -1 - v);
	if (typeof v === 'string') {
		const b = Buffer.from(v, 'utf8');
		return Buffer.concat([cborHead(3, b.length), b]);
	}
	if (Buffer.isBuffer(v)) return Buffer.concat([cborHead(2, v.length), v]);
	const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
	return Buffer.concat([
		cborHead(5, entries.length),
		...entries.flatMap(([k, x]) => [cbor(k), cbor(x)])
	]);
}

const b64u = (b: Buffer) => b.toString('base64url');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

export class SoftAuthenticator {
	readonly credentialId = randomBytes(32);
	private key: KeyObject;
	private publicJwk: { x: string; y: string };
	private userHandle: string | undefined;
	signCount = 0;

	constructor(
		readonly origin: string,
		readonly rpId = new URL(origin).hostname
	) {
		const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		this.key = privateKey;
		const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
		this.publicJwk = jwk;
	}

	get id() {
		return b64u(this.credentialId);
	}

	private clientData(type: string, challenge: string) {
		return Buffer.from(
			JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false })
		);
	}

	/** The credential public key as COSE bytes (what the server stores). */
	cosePublicKey(): Buffer {
		return cbor(
			new Map<Cbor, Cbor>([
				[1, 2],
				[3, -7],
				[-1, 1],
				[-2, Buffer.from(this.publicJwk.x, 'base64url')],
				[-3, Buffer.from(this.publicJwk.y, 'base64url')]
			])
		);
	}

	/** What Chromium's CDP WebAuthn.addCredential needs to hold this passkey. */
	forCdp(userHandle: Buffer) {
		return {
			credentialId: this.credentialId.toString('base64'),
			isResidentCredential: true,
			rpId: this.rpId,
			privateKey: (this.key.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64'),
			userHandle: userHandle.toString('base64'),
			signCount: 0
		};
	}

	/** A RegistrationResponseJSON for the server's creation options. */
	register(options: { challenge: string; user: { id: string } }) {
		this.userHandle = options.user.id;
		const cose = this.cosePublicKey();
		const idLen = Buffer.alloc(2);
		idLen.writeUInt16BE(this.credentialId.length);
		const count = Buffer.alloc(4);
		const authData = Buffer.concat([
			sha256(this.rpId),
			Buffer.from([0x45]), // UP | UV | AT
			count,
			Buffer.alloc(16),
			idLen,
			this.credentialId,
			cose
		]);
		const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData });
		return {
			id: this.id,
			rawId: this.id,
			type: 'public-key',
			clientExtensionResults: {},
			authenticatorAttachment: 'platform',
			response: {
				clientDataJSON: b64u(this.clientData('webauthn.create', options.challenge)),
				attestationObject: b64u(attestationObject),
				transports: ['internal']
			}
		};
	}

	/** An AuthenticationResponseJSON for the server's request options. */
	assert(options: { challenge: string }, opts: { userVerified?: boolean } = {}) {
		this.signCount++;
		const count = Buffer.alloc(4);
		count.writeUInt32BE(this.signCount);
		const flags = opts.userVerified === false ? 0x01 : 0x05;
		const authData = Buffer.concat([sha256(this.rpId), Buffer.from([flags]), count]);
		const clientDataJSON = this.clientData('webauthn.get', options.challenge);
		const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.key);
		return {
			id: this.id,
			rawId: this.id,
			type: 'public-key',
			clientExtensionResults: {},
			authenticatorAttachment: 'platform',
			response: {
				clientDataJSON: b64u(clientDataJSON),
				authenticatorData: b64u(authData),
				signature: b64u(signature),
				userHandle: this.userHandle
			}
		};
	}
}
