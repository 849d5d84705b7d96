// Moved to digest/ (the inner layer) so digest never imports schedule; kept for imports from elsewhere.
export { describeSchedule, formatSlot, isValidZone, nextSlot, parseTime, slotsBetween } from '../digest/slots.js';
