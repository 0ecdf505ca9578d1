/**
 * Random inputs each fuzz property tries. Thousands, so that a decoder or importer that can be
 * made to throw is likely to be caught on an ordinary test run; each run still takes well under
 * a second per property.
 */
export const FUZZ_RUNS = 2000;
