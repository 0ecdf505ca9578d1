import type { CalculatorResult } from '../../lib/calculator.ts';
import type { CalculatorState } from '../../lib/permalink.ts';
import { formatBand, formatFixed, formatGiB, formatTokens, formatTps } from '../../lib/format.ts';
import { MemoryBar } from './MemoryBar.tsx';

interface Props {
	result: CalculatorResult;
	state: CalculatorState;
	/** Builds a unique element id from a short name. */
	id: (name: string) => string;
	/** Whether this calculator owns the page address (then it offers Copy link). */
	syncUrl: boolean;
	/** The link that reopens this configuration. */
	permalink: string;
	/** The last copy confirmation, announced politely. */
	copied: string;
	onQuant: (quant: string) => void;
	onCopy: (text: string, what: string) => void;
}

/** Describes the verdict in one sentence, the way a reader would say it. */
function describeVerdict(result: CalculatorResult): string {
	const { verdict } = result;
	if (verdict.kind === 'fits') return `Fits, with ${formatGiB(verdict.spareBytes)} to spare.`;
	if (verdict.kind === 'offload') {
		const speed = formatBand(verdict.decodeTps.low, verdict.decodeTps.high, formatTps);
		return `Needs ${formatGiB(verdict.shortBytes)} more. Fits with ${verdict.cpuLayers} layers on the CPU, at about ${speed}.`;
	}
	return `Needs ${formatGiB(verdict.shortBytes)} more, and does not fit even with layers on the CPU.`;
}

/** The engine's answer: verdict, memory bar, figures, measurements, quants and commands. */
export function ResultPanel({ result, state, id, syncUrl, permalink, copied, onQuant, onCopy }: Props) {
	// The speed of what the verdict describes: the offloaded setup when only that fits.
	const speed = result.shownSpeed;
	return (
		<section class="results" aria-labelledby={id('results-title')}>
			<h2 id={id('results-title')} class="sr-only">
				Result
			</h2>
			<p class={`verdict verdict-${result.verdict.kind}`} role="status" aria-live="polite" aria-atomic="true">
				{result.modelName} at {result.quantName}, {formatTokens(state.context)} context on{' '}
				{result.devices.length === 1 ? result.devices[0]!.name : `${result.devices.length} GPUs`}:{' '}
				<strong>{describeVerdict(result)}</strong>
			</p>
			<MemoryBar estimate={result.estimate} usableBytes={result.usableBytes} capacityBytes={result.capacityBytes} />
			<dl class="figures">
				<div>
					<dt>Longest context that fits</dt>
					<dd>
						{result.maxContext > 0 ? `${formatFixed(result.maxContext)} tokens` : 'none'}{' '}
						<span class="muted">(limited by {result.maxContextLimit})</span>
					</dd>
				</div>
				<div>
					<dt>Generation speed (estimate)</dt>
					{speed.basis === 'none' ? (
						<dd>
							None. <span class="muted">{speed.reason}</span>
						</dd>
					) : (
						<dd>
							{formatBand(speed.decodeTps.low, speed.decodeTps.high, formatTps)}{' '}
							<span class="muted">
								at {formatTokens(speed.depth)} tokens deep
								{speed.cpuLayers > 0 ? `, with ${speed.cpuLayers} layers on the CPU` : ''}
							</span>
						</dd>
					)}
				</div>
				<div>
					<dt>Time to first token (rough)</dt>
					{speed.basis === 'none' ? (
						<dd>None.</dd>
					) : (
						<dd>
							{formatFixed(speed.ttftSeconds.low, 1)}–{formatFixed(speed.ttftSeconds.high, 1)} s{' '}
							<span class="muted">for a {formatTokens(state.promptTokens)}-token prompt</span>
						</dd>
					)}
				</div>
				<div>
					<dt>Weights</dt>
					<dd>
						{formatGiB(result.estimate.weightsBytes.value)}{' '}
						<span class="muted">
							{result.estimate.weightsSource === 'published'
								? 'published file size'
								: `estimated, ${formatFixed(result.estimate.bitsPerWeight, 2)} bits per weight`}
							; {formatGiB(result.estimate.weightsHostBytes)} stays in system RAM
						</span>
					</dd>
				</div>
			</dl>
			{result.notes.length > 0 && (
				<ul class="warnings">
					{result.notes.map((note) => (
						<li>{note}</li>
					))}
				</ul>
			)}
			<h3>Measured on the same setup</h3>
			{result.sameSetup.length > 0 ? (
				<ul class="measured">
					{result.sameSetup.map((b) => (
						<li>
							<strong>{b.decodeTpsHigh ? formatBand(b.decodeTps, b.decodeTpsHigh, formatTps) : formatTps(b.decodeTps)}</strong>{' '}
							with {b.runtime}
							{b.contextDepth !== undefined ? ` at a depth of ${formatFixed(b.contextDepth)} tokens` : ''}, {b.evidence.replace('-', ' ')},{' '}
							{b.sourceUrl ? <a href={b.sourceUrl}>{b.sourceTitle}</a> : b.sourceTitle} ({b.date})
						</li>
					))}
				</ul>
			) : (
				<p class="muted">
					No measurement of this model and quant on this hardware yet
					{result.otherSetups.length > 0 ? `; ${result.otherSetups.length} on other setups are on the model's page.` : '.'}
				</p>
			)}
			<h3>Which quant fits best?</h3>
			<div class="table-scroll" tabIndex={0}>
				<table>
					<thead>
						<tr>
							<th scope="col">Quant</th>
							<th scope="col" class="num">Weights</th>
							<th scope="col" class="num">Total at {formatTokens(state.context)}</th>
							<th scope="col">Fits</th>
							<th scope="col" class="num">Max context</th>
						</tr>
					</thead>
					<tbody>
						{result.quantRows.map((row) => (
							<tr aria-current={row.quant === state.quant ? 'true' : undefined}>
								<th scope="row">
									<button type="button" class="linklike" onClick={() => onQuant(row.quant)}>
										{row.name}
									</button>
								</th>
								<td class="num">
									{formatGiB(row.weightsBytes)} <span class="muted">{row.weightsSource}</span>
								</td>
								<td class="num">{formatGiB(row.totalBytes)}</td>
								<td>{row.fits ? 'yes' : 'no'}</td>
								<td class="num">{row.maxContext > 0 ? formatTokens(row.maxContext) : '—'}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<h3>Run it</h3>
			<p class="muted">llama.cpp</p>
			<pre>
				<code>{result.llamaCpp}</code>
			</pre>
			<button type="button" class="secondary" onClick={() => onCopy(result.llamaCpp, 'llama.cpp command')}>
				Copy llama.cpp command
			</button>
			<p class="muted">Ollama</p>
			{'command' in result.ollama ? (
				<>
					<pre>
						<code>{result.ollama.command}</code>
					</pre>
					<button type="button" class="secondary" onClick={() => 'command' in result.ollama && onCopy(result.ollama.command, 'Ollama command')}>
						Copy Ollama command
					</button>
				</>
			) : (
				<p>{result.ollama.reason}</p>
			)}
			<div class="share">
				{syncUrl ? (
					<button type="button" onClick={() => onCopy(new URL(permalink, location.href).href, 'Link')}>
						Copy link
					</button>
				) : (
					<a class="button" href={permalink}>
						Open this in the calculator
					</a>
				)}{' '}
				<a href={result.costLink.href}>Is owning this card cheaper than renting?</a>
				{result.costLink.notes.length > 0 && (
					<span class="muted"> {result.costLink.notes.join(' ')}</span>
				)}
				<span role="status" aria-live="polite" class="muted">
					{' '}
					{copied}
				</span>
			</div>
		</section>
	);
}
