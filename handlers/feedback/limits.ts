// Limits of the PAKN form. Each refusal tells the citizen which limit and why.

/** Longest content: a PAKN is one concrete problem; longer texts go by letter to the office. */
export const MAX_CONTENT_LENGTH = 2000;
/** Shortest content that can describe a problem (a few words). */
export const MIN_CONTENT_LENGTH = 10;
/** Photos per PAKN: enough to show the problem, bounded for the inbox and storage. */
export const MAX_PHOTOS = 3;
/** Bytes per photo: Zalo and Messenger cap images around 5–8 MB on their side; keep the lower bound. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Photos kept on one support request (a chat can go on for a while; the inbox shows them all). */
export const SUPPORT_MAX_PHOTOS = 10;
/** PAKN per user per day: stops floods and accidental repeats; more can be written or brought in person. */
export const MAX_PER_USER_PER_DAY = 3;
export const MAX_NAME_LENGTH = 100;
export const MAX_ADDRESS_LENGTH = 200;
/** Characters of the content shown back in the summary (the whole text is stored). */
export const SUMMARY_CONTENT_CHARS = 500;

/** Channels whose adapters deliver images as attachment events. */
export const IMAGE_CHANNELS: readonly string[] = ['zalo', 'messenger', 'telegram'];
