// Diner strings in Spanish and English. Kept tiny and typed: the diner bundle stays small.
import { formatMoney } from '../money';

const en = {
	table: 'Table',
	requestTitle: 'Ask for this table',
	requestIntro: 'Tell us your name and a waiter will let you in.',
	name: 'Your name',
	phone: 'Phone (optional)',
	requestButton: 'Request access',
	sending: 'Sending…',
	waitingTitle: 'Waiting for approval',
	waitingIntro: 'A member of staff will approve your request shortly.',
	waitingFor: 'Waiting for',
	elapsed: 'Waiting for {t}',
	busyPending: 'This table is waiting for approval',
	busyActive: 'This table is already in use',
	busyHelp:
		'If you are with that party, ask them to tap “Invite your table” and send you the link, or ask a waiter.',
	rejectedTitle: 'Request not approved',
	rejectedIntro: 'Please ask a member of staff for help.',
	tryAgain: 'Try again',
	endedTitle: 'Thanks for visiting!',
	endedIntro: 'This table session has ended.',
	newVisit: 'Start a new visit',
	lapsedTitle: 'Your request timed out',
	lapsedIntro: 'Nobody answered it in time. Try again, or ask a member of staff.',
	menu: 'Menu',
	hideWith: 'Hide dishes with',
	dishesHidden: '{n} hidden by your choice',
	otherDishes: 'More',
	contains: 'Contains:',
	soldOut: 'Sold out',
	onlyLeft: 'Only {n} left',
	add: 'Add',
	addItem: 'Add {name}',
	remove: 'Remove one {name}',
	addOne: 'One more {name}',
	itemsOne: '1 item',
	itemsMany: '{n} items',
	viewOrder: 'View order',
	cartBar: 'Order summary',
	sentAt: 'Sent at {t}',
	orderMore: 'Add more dishes',
	cart: 'Your order',
	cartEmpty: 'Nothing yet: add dishes from the menu.',
	notes: 'Notes for the kitchen (optional)',
	total: 'Total',
	placeOrder: 'Send order',
	ordering: 'Sending order…',
	orderSent: 'Order sent to the kitchen',
	yourOrders: 'Table orders',
	queued: 'Received',
	preparing: 'Preparing',
	ready: 'Ready',
	callWaiter: 'Call waiter',
	requestBill: 'Ask for the bill',
	inviteButton: 'Invite your table',
	inviteHelp: 'Anyone with this link can order for this table until it closes.',
	inviteCopied: 'Link copied: send it to your table',
	callSent: 'A waiter is on the way',
	callPending: 'Waiter called — waiting for a member of staff to answer',
	billPending: 'Bill requested — waiting for a member of staff to answer',
	waiterCalledButton: 'Waiter called…',
	billRequestedButton: 'Bill requested…',
	remindedStaff: 'Still waiting? We reminded the staff.',
	cancelRequest: 'Cancel request',
	requestCancelled: 'Request cancelled. You can ask for the table again any time.',
	billSent: 'The bill is on its way',
	language: 'Español',
	notFound: 'We could not find this table. Check the code on your table.',
	offline: 'No connection — we’ll keep trying.',
	errOffline: 'No connection — we’ll keep trying. Check your signal and tap again.',
	errSoldOut: 'Something in your order has just sold out. Check your order and send it again.',
	errNotOnMenu: 'The menu has just changed. Check your order and send it again.',
	errSession: 'This table is no longer open on this phone. Ask a member of staff for help.',
	errTableTaken: 'Someone at this table has already asked for it.',
	errCallPending: 'The staff already have your request.',
	errInvalid: 'Something in that is not quite right. Check it and try again.',
	errServer: 'Something went wrong on our side. Please try again in a moment.',
	errGeneric: 'That did not work. Please try again, or ask a member of staff.',
	joinTitle: 'Join a table',
	joinIntro: 'Type the code printed on your table, for example downtown-lima-5.',
	joinCode: 'Table code',
	joinButton: 'Open table'
};
export type Strings = typeof en;

const es: Strings = {
	table: 'Mesa',
	requestTitle: 'Pide esta mesa',
	requestIntro: 'Dinos tu nombre y un mesero te dará acceso.',
	name: 'Tu nombre',
	phone: 'Teléfono (opcional)',
	requestButton: 'Solicitar acceso',
	sending: 'Enviando…',
	waitingTitle: 'Esperando aprobación',
	waitingIntro: 'Un miembro del personal aprobará tu solicitud en breve.',
	waitingFor: 'Esperando a',
	elapsed: 'Esperando desde hace {t}',
	busyPending: 'Esta mesa está esperando aprobación',
	busyActive: 'Esta mesa ya está en uso',
	busyHelp:
		'Si vienes con ese grupo, pídeles que toquen «Invitar a tu mesa» y te envíen el enlace, o pregunta a un mesero.',
	rejectedTitle: 'Solicitud no aprobada',
	rejectedIntro: 'Por favor pide ayuda a un miembro del personal.',
	tryAgain: 'Intentar de nuevo',
	endedTitle: '¡Gracias por tu visita!',
	endedIntro: 'La sesión de esta mesa ha terminado.',
	newVisit: 'Empezar una nueva visita',
	lapsedTitle: 'Tu solicitud expiró',
	lapsedIntro: 'Nadie la respondió a tiempo. Inténtalo de nuevo o pide ayuda al personal.',
	menu: 'Carta',
	hideWith: 'Ocultar platos con',
	dishesHidden: '{n} ocultos por tu elección',
	otherDishes: 'Más',
	contains: 'Contiene:',
	soldOut: 'Agotado',
	onlyLeft: 'Solo quedan {n}',
	add: 'Agregar',
	addItem: 'Agregar {name}',
	remove: 'Quitar uno de {name}',
	addOne: 'Uno más de {name}',
	itemsOne: '1 artículo',
	itemsMany: '{n} artículos',
	viewOrder: 'Ver pedido',
	cartBar: 'Resumen de tu pedido',
	sentAt: 'Enviado a las {t}',
	orderMore: 'Pedir algo más',
	cart: 'Tu pedido',
	cartEmpty: 'Aún nada: agrega platos de la carta.',
	notes: 'Notas para la cocina (opcional)',
	total: 'Total',
	placeOrder: 'Enviar pedido',
	ordering: 'Enviando pedido…',
	orderSent: 'Pedido enviado a cocina',
	yourOrders: 'Pedidos de la mesa',
	queued: 'Recibido',
	preparing: 'En preparación',
	ready: 'Listo',
	callWaiter: 'Llamar al mesero',
	requestBill: 'Pedir la cuenta',
	inviteButton: 'Invitar a tu mesa',
	inviteHelp: 'Quien tenga este enlace puede pedir para esta mesa hasta que se cierre.',
	inviteCopied: 'Enlace copiado: envíalo a tu mesa',
	callSent: 'Un mesero va en camino',
	callPending: 'Mesero llamado — esperando que el personal responda',
	billPending: 'Cuenta pedida — esperando que el personal responda',
	waiterCalledButton: 'Mesero llamado…',
	billRequestedButton: 'Cuenta pedida…',
	remindedStaff: '¿Sigues esperando? Le recordamos al personal.',
	cancelRequest: 'Cancelar solicitud',
	requestCancelled: 'Solicitud cancelada. Puedes pedir la mesa de nuevo cuando quieras.',
	billSent: 'La cuenta va en camino',
	language: 'English',
	notFound: 'No encontramos esta mesa. Revisa el código de tu mesa.',
	offline: 'Sin conexión — seguiremos intentando.',
	errOffline: 'Sin conexión — seguiremos intentando. Revisa tu señal y vuelve a tocar.',
	errSoldOut: 'Algo de tu pedido se acaba de agotar. Revisa tu pedido y envíalo de nuevo.',
	errNotOnMenu: 'La carta acaba de cambiar. Revisa tu pedido y envíalo de nuevo.',
	errSession: 'Esta mesa ya no está abierta en este teléfono. Pide ayuda al personal.',
	errTableTaken: 'Alguien de esta mesa ya la pidió.',
	errCallPending: 'El personal ya tiene tu solicitud.',
	errInvalid: 'Algo no está del todo bien. Revísalo e inténtalo de nuevo.',
	errServer: 'Algo falló de nuestro lado. Inténtalo de nuevo en un momento.',
	errGeneric: 'No funcionó. Inténtalo de nuevo o pide ayuda al personal.',
	joinTitle: 'Unirse a una mesa',
	joinIntro: 'Escribe el código impreso en tu mesa, por ejemplo downtown-lima-5.',
	joinCode: 'Código de mesa',
	joinButton: 'Abrir mesa'
};

export type Lang = 'en' | 'es';
export const STRINGS: Record<Lang, Strings> = { en, es };

/** The preferred supported language from a list like navigator.languages / Accept-Language. */
export function pickLang(preferred: readonly string[]): Lang {
	for (const p of preferred) {
		const base = p.toLowerCase().split(/[-_;]/)[0].trim();
		if (base === 'es' || base === 'en') return base;
	}
	return 'es';
}

export function fill(s: string, vars: Record<string, string>): string {
	return s.replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}

const LOCALE: Record<Lang, string> = { es: 'es-PE', en: 'en-US' };

/** Integer cents in the location's currency (ISO 4217), in the diner's language. */
export function money(cents: number, lang: Lang, currency = 'PEN'): string {
	return formatMoney(cents, LOCALE[lang], currency);
}

/** "3 items" / "3 platos". */
export function itemCount(n: number, t: Strings): string {
	return n === 1 ? t.itemsOne : fill(t.itemsMany, { n: String(n) });
}

/** A wall-clock time on the diner's phone, e.g. "21:04" / "9:04 PM". */
export function clock(iso: string, lang: Lang): string {
	return new Intl.DateTimeFormat(lang === 'es' ? 'es-PE' : 'en-US', {
		hour: 'numeric',
		minute: '2-digit'
	}).format(new Date(iso));
}

export function elapsed(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	const m = Math.floor(s / 60);
	return m > 0 ? `${m}:${String(s % 60).padStart(2, '0')} min` : `${s} s`;
}

/** The fixed dish tags (shared/dishes.ts) in both languages. */
const TAGS: Record<Lang, Record<string, string>> = {
	en: {
		gluten: 'gluten',
		dairy: 'dairy',
		nuts: 'nuts',
		peanuts: 'peanuts',
		egg: 'egg',
		soy: 'soy',
		fish: 'fish',
		shellfish: 'shellfish',
		sesame: 'sesame',
		vegetarian: 'Vegetarian',
		vegan: 'Vegan'
	},
	es: {
		gluten: 'gluten',
		dairy: 'lácteos',
		nuts: 'frutos secos',
		peanuts: 'maní',
		egg: 'huevo',
		soy: 'soya',
		fish: 'pescado',
		shellfish: 'mariscos',
		sesame: 'ajonjolí',
		vegetarian: 'Vegetariano',
		vegan: 'Vegano'
	}
};

export function tagLabel(tag: string, lang: Lang): string {
	return TAGS[lang][tag] ?? tag;
}
