/** The API's own HTTP headers, named once for the API and the console. */

/** Marks a read the console makes by itself (re-reading what is on screen), not the person. */
export const BACKGROUND_READ_HEADER = 'X-Background-Read';
/** `false` on a page whose total is a lower bound (counted only up to the API's cap). */
export const TOTAL_EXACT_HEADER = 'X-Total-Exact';
