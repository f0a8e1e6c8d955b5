/** The API's own HTTP headers, named once for the API and the console. */

/** Marks a read the console makes by itself (re-reading what is on screen), not the person. */
export const BACKGROUND_READ_HEADER = 'X-Background-Read';
/** Marks the reads of an export (导出 .xlsx): the API records the first page's in the operation log. */
export const EXPORT_HEADER = 'X-Kejin-Export';
/** The most rows one export holds, read a page of the API's largest at a time. */
export const EXPORT_MAX_ROWS = 5000;
/** `false` on a page whose total is a lower bound (counted only up to the API's cap). */
export const TOTAL_EXACT_HEADER = 'X-Total-Exact';
