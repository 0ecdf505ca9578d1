/**
 * Folder the catalog is read from. Tests point HEADROOM_CONTENT at a fixture folder to prove
 * that a broken record fails the build; everyone else gets `content`.
 */
export function getContentDir(): string {
	return process.env.HEADROOM_CONTENT ?? 'content';
}

/**
 * Folder the guides are built from. It stays `content/guides` whatever HEADROOM_CONTENT says:
 * guides import components by relative path, so they only build from inside the project.
 */
export const GUIDES_DIR = 'content/guides';
