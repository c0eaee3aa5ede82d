// The short code printed on a table tent, typed by a guest whose camera fails: five
// characters from an alphabet without look-alikes (no 0/O, 1/I/L), so what is printed and
// what is typed cannot be confused.
// sql/00026_add_table_short_code.sql generates codes from the same alphabet.

export const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const LENGTH = 5;

/** A random code; `random` is injectable for tests (defaults to crypto-strength). */
export function generate(random: (n: number) => number = cryptoInt): string {
	let code = '';
	for (let i = 0; i < LENGTH; i++) code += ALPHABET[random(ALPHABET.length)];
	return code;
}

/**
 * What a guest typed, as a code, or null when it cannot be one: case-insensitive, spaces and
 * dashes ignored ("ab 3-xy" → "AB3XY"). A look-alike that is not in the alphabet (0, O, 1, I,
 * L) makes it invalid rather than guessed: the code on the tent never contains one.
 */
export function normalise(typed: string): string | null {
	const code = typed
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s\-–—.]/g, '');
	if (code.length !== LENGTH) return null;
	for (const c of code) if (!ALPHABET.includes(c)) return null;
	return code;
}

function cryptoInt(n: number): number {
	// Rejection sampling: no modulo bias over 31 symbols.
	const limit = 256 - (256 % n);
	const buf = new Uint8Array(1);
	for (;;) {
		crypto.getRandomValues(buf);
		if (buf[0] < limit) return buf[0] % n;
	}
}
