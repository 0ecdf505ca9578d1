/**
 * Folder the catalog is read from. Tests point HEADROOM_CONTENT at a fixture folder to prove
 * that a broken record fails the build; everyone else gets `content`.
 */
export function getContentDir(): string {
	return process.env.HEADROOM_CONTENT ?? 'content';
}
