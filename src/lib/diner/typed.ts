// The /t page (the typed code on a table tent), in both diner languages. Its own few strings,
// kept beside the diner's: the page renders on the server, from Accept-Language.
import type { Lang } from './i18n';

export const TYPED: Record<
	Lang,
	Record<'title' | 'intro' | 'label' | 'button' | 'unknown', string>
> = {
	en: {
		title: 'Type your table’s code',
		intro: 'The five characters under the QR code on your table, for example 7KQ4M.',
		label: 'Code on your table',
		button: 'Open my table',
		unknown:
			'No table has this code. Check the five characters on the card on your table, or ask the staff.'
	},
	es: {
		title: 'Escribe el código de tu mesa',
		intro: 'Los cinco caracteres bajo el código QR de tu mesa, por ejemplo 7KQ4M.',
		label: 'Código de tu mesa',
		button: 'Abrir mi mesa',
		unknown:
			'Ninguna mesa tiene este código. Revisa los cinco caracteres de la tarjeta de tu mesa o pregunta al personal.'
	}
};
