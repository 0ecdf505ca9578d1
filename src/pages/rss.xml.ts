import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';

/** The guides as an RSS feed, newest first. */
export async function GET(context: APIContext) {
	const guides = (await getCollection('guides')).sort(
		(a, b) => b.data.updated.getTime() - a.data.updated.getTime(),
	);
	return rss({
		title: 'Headroom guides',
		description: 'Running open language models at home: what fits, how fast, and what it costs.',
		site: context.site ?? 'https://headroom.example.org',
		items: guides.map((guide) => ({
			title: guide.data.title,
			description: guide.data.description,
			pubDate: guide.data.published,
			link: `/guides/${guide.id}/`,
		})),
	});
}
