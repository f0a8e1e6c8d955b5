/** `npm run demo:otp`: the current second-factor code of the demo's admin, security and auditor accounts. */
import { currentCode } from '../../api/secondFactor.js';
import { DEMO_SECOND_FACTOR_USERS, DEMO_TOTP_SECRET } from './demoUsers.js';

const code = currentCode(DEMO_TOTP_SECRET);
const left = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${DEMO_SECOND_FACTOR_USERS.join(', ')}: ${code} (valid ${left} s more, and the 30 s after)`);
