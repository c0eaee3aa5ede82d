// The time of day as every staff screen shows it: 24-hour HH:MM, as kitchens and the offline
// banner ("offline since HH:MM") read it, in the device's time zone.
export const hhmm = (d: Date | string) =>
	new Date(d).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
