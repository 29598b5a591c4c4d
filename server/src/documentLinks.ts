/**
 * Document links: image references open their registry's page (FROM, `COPY --from=image`,
 * `RUN --mount=from=image`, the `# syntax=` frontend), and web addresses in comments and LABEL
 * values open themselves. A FROM whose image comes from a global ARG links to the image the ARG
 * names. Stage names are not links: they are definitions in this file.
 */
import type { DocumentLink } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { keyValuePairs } from '../../engine/src/dockerfile/keyValues';
import { symbolIndex } from './symbolReferences';

/** Docker's repository path grammar: lower-case components separated by `/`. */
const PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const GCR_LOCATIONS: Record<string, string> = { 'gcr.io': 'GLOBAL', 'us.gcr.io': 'US', 'eu.gcr.io': 'EU', 'asia.gcr.io': 'ASIA' };

export interface RegistryPage {
  readonly url: string;
  /** Where the page is, for the tooltip ("Docker Hub"). */
  readonly site: string;
  /** Length of the image name in the reference (registry and path, without tag or digest). */
  readonly nameLength: number;
}

/** The web page of an image reference, for the registries that have one. */
export function registryPage(reference: string): RegistryPage | undefined {
  const at = reference.indexOf('@');
  const withTag = at < 0 ? reference : reference.slice(0, at);
  const colon = withTag.lastIndexOf(':');
  const name = colon > withTag.lastIndexOf('/') ? withTag.slice(0, colon) : withTag;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = isRegistry ? first : undefined;
  const path = isRegistry ? name.slice(slash + 1) : name;
  if (!PATH.test(path)) return undefined;
  const parts = path.split('/');
  const page = (url: string, site: string): RegistryPage => ({ url, site, nameLength: name.length });
  if (registry === undefined || DOCKER_HUB.has(registry)) {
    if (parts.length === 1) return page(`https://hub.docker.com/_/${path}`, 'Docker Hub');
    if (parts.length === 2 && parts[0] === 'library') return page(`https://hub.docker.com/_/${parts[1]}`, 'Docker Hub');
    return page(`https://hub.docker.com/r/${path}`, 'Docker Hub');
  }
  if (registry === 'ghcr.io' && parts.length >= 2) return page(`https://ghcr.io/${path}`, 'GitHub Packages');
  if (registry === 'quay.io' && parts.length >= 2) return page(`https://quay.io/repository/${path}`, 'Quay');
  if (registry === 'mcr.microsoft.com') return page(`https://mcr.microsoft.com/artifact/mar/${path}`, 'Microsoft Artifact Registry');
  if (registry === 'public.ecr.aws' && parts.length >= 2) return page(`https://gallery.ecr.aws/${path}`, 'Amazon ECR Public Gallery');
  const gcr = GCR_LOCATIONS[registry];
  if (gcr && parts.length >= 2) return page(`https://console.cloud.google.com/gcr/images/${parts[0]}/${gcr}/${parts.slice(1).join('/')}`, 'Google Container Registry');
  const artifacts = /^([a-z0-9-]+)-docker\.pkg\.dev$/.exec(registry);
  if (artifacts && parts.length >= 3) {
    return page(`https://console.cloud.google.com/artifacts/docker/${parts[0]}/${artifacts[1]}/${parts[1]}/${parts.slice(2).join('/')}`, 'Google Artifact Registry');
  }
  return undefined;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>`]+/g;

export function computeDocumentLinks(model: DockerfileModel): DocumentLink[] {
  const links: DocumentLink[] = [];
  const text = model.text;
  const lines = model.lines;
  const imageLink = (reference: string, start: number, end: number, wholeWord: boolean) => {
    const page = registryPage(reference);
    if (!page) return;
    const linkEnd = wholeWord ? end : Math.min(end, start + page.nameLength);
    links.push({ range: lines.rangeOf(start, linkEnd), target: page.url, tooltip: `Open ${reference.slice(0, page.nameLength)} on ${page.site}` });
  };

  const syntax = model.directives.find((d) => d.name === 'syntax');
  if (syntax) imageLink(syntax.value, lines.offsetAt(syntax.valueRange.start), lines.offsetAt(syntax.valueRange.end), false);

  const { scopes, graph } = symbolIndex(model);
  for (const stage of model.stages) {
    const base = stage.base;
    const resolved = scopes.stages[stage.index]?.base;
    if (!base || !resolved || resolved.kind !== 'image' || !resolved.value || resolved.unmatched.length) continue;
    const literal = text.slice(base.start, base.end) === resolved.value;
    imageLink(resolved.value, base.start, base.end, !literal);
  }
  for (const refs of graph.references) {
    for (const ref of refs) {
      if (!ref.flag || ref.stage !== undefined || /^[0-9]+$/.test(ref.value)) continue;
      const word = text.slice(ref.flag.word.start, ref.flag.word.end);
      const at = word.lastIndexOf(ref.value);
      if (at > 0 && !word.includes('$')) imageLink(ref.value, ref.flag.word.start + at, ref.flag.word.start + at + ref.value.length, false);
    }
  }

  const directiveLines = new Set(model.directives.map((d) => d.line));
  const urls = (start: number, end: number) => {
    for (const m of text.slice(start, end).matchAll(URL_PATTERN)) {
      const url = m[0].replace(/[.,;:!?)\]}]+$/, '');
      const at = start + m.index;
      links.push({ range: lines.rangeOf(at, at + url.length), target: url });
    }
  };
  for (const comment of model.comments) {
    if (!directiveLines.has(comment.line)) urls(lines.offsetAt(comment.range.start), lines.offsetAt(comment.range.end));
  }
  for (const instruction of model.instructions) {
    if (instruction.name !== 'LABEL') continue;
    for (const pair of keyValuePairs(instruction)) urls(pair.value.start, pair.value.end);
  }
  return links.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
