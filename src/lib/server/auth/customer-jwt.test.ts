import { SignJWT, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { customerKey, signCustomerToken, verifyCustomerToken } from './customer-jwt';

beforeAll(() => {
	process.env.CUSTOMER_JWT_SECRET = 'x'.repeat(40);
});

const claims = {
	sessionId: '550e8400-e29b-41d4-a716-446655440000',
	tableId: '123e4567-e89b-12d3-a456-426614174000',
	locationId: 'aa34e3c9-26dd-40f5-9723-7852dbc515d1'
};

describe('customer JWT', () => {
	it('round-trips claims', async () => {
		const t = await signCustomerToken(claims);
		expect(await verifyCustomerToken(t)).toEqual({ ...claims, role: 'customer' });
	});
	it('rejects alg:none', async () => {
		const t = new UnsecuredJWT({ tbl: claims.tableId, loc: claims.locationId, role: 'customer' })
			.setSubject(claims.sessionId)
			.setIssuer('preptable')
			.setAudience('preptable:customer')
			.encode();
		expect(await verifyCustomerToken(t)).toBeNull();
	});
	it('rejects expired, wrong audience and tampered tokens', async () => {
		const { secret, kid } = customerKey();
		const base = () =>
			new SignJWT({ tbl: claims.tableId, loc: claims.locationId, role: 'customer' })
				.setProtectedHeader({ alg: 'HS256', kid })
				.setSubject(claims.sessionId)
				.setIssuer('preptable');
		const expired = await base()
			.setAudience('preptable:customer')
			.setExpirationTime(Math.floor(Date.now() / 1000) - 10)
			.sign(secret);
		const wrongAud = await base().setAudience('other').setExpirationTime('1h').sign(secret);
		const good = await signCustomerToken(claims);
		// Edit the first signature character: trailing base64url characters hold padding bits.
		const [h, p, sig] = good.split('.');
		const tampered = `${h}.${p}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
		expect(await verifyCustomerToken(expired)).toBeNull();
		expect(await verifyCustomerToken(wrongAud)).toBeNull();
		expect(await verifyCustomerToken(tampered)).toBeNull();
		expect(await verifyCustomerToken('not.a.jwt')).toBeNull();
	});
});
