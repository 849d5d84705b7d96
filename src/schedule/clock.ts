// Moved to digest/ (the inner layer) so digest never imports schedule; kept for imports from elsewhere.
export { systemClock, type Clock } from '../digest/clock.js';
