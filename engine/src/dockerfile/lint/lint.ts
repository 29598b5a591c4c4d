/**
 * Runs the lint rules over a model and turns findings into diagnostics: severities from the
 * user's settings (or each rule's default), suppression comments honoured, and to every
 * diagnostic an "ignore" fix in the dialect its rule category uses.
 */
import { DockerfileModel, Instruction, instructionAt } from '../model';
import { computeScopes, ScopeOptions, Scopes, scopesOf } from '../scope';
import { StageGraph, stageGraphOf } from '../stageGraph';
import { Range } from '../text';
import { BuildContextView, Finding, Fix, ImagePlatformCatalog, LintContext, LintRule, RuleCategory, Severity, ShellScriptSource } from './rule';
import { CheckOptions, ignoredAt, ignoredInFile } from './pragmas';
import { shellScriptsOf } from './shellScripts';
import { LintCache, RankedDiagnostic } from './lintCache';

export type SeveritySetting = Severity | 'off' | 'default';

export interface LintOptions {
  /** Per-rule severity; rules not named use their default. */
  readonly severities?: ReadonlyMap<string, SeveritySetting>;
  readonly buildContext?: BuildContextView;
  readonly scope?: ScopeOptions;
  readonly imagePlatforms?: ImagePlatformCatalog;
  readonly trustedRegistries?: readonly string[];
}

export interface LintDiagnostic {
  readonly ruleId: string;
  readonly category: RuleCategory;
  readonly severity: Severity;
  readonly range: Range;
  readonly message: string;
  readonly url?: string;
  readonly fixes: readonly Fix[];
}

export interface RuleWithOptions extends LintRule {
  /** BuildKit marks some checks experimental: they run only when enabled. */
  readonly experimental?: boolean;
  /**
   * Rules of another dialect that report the same concern (hadolint's DL4000 and BuildKit's
   * MaintainerDeprecated). When both fire on the same line, one diagnostic is kept and names both.
   */
  readonly equivalentTo?: readonly string[];
  /**
   * 'instruction' when what the rule reports about an instruction follows from that instruction
   * alone: its text, the comments above it, the file's directives and settings, and which stage
   * it is in (its index; what the stage's FROM says matters only to the FROM itself, which is
   * always linted again), never other instructions, scopes or the build context. An editor then
   * reuses those diagnostics while the instruction is unchanged (LintCache); a wrong claim shows as
   * stale diagnostics, so the tests compare cached runs with full ones over random edits.
   *
   * 'stage' when what the rule reports about an instruction follows from the text of its stage,
   * what the stages that stage is built from (FROM an earlier stage, transitively) hand down (all
   * their instructions but RUN, COPY and ADD: lintCache.ts, handDownOf), everything before
   * the first FROM, every FROM instruction, and the settings (never instructions of unrelated
   * stages, file-wide counts or majorities, the build context or engine data). An editor then
   * re-lints only the stages an edit touched and the stages inheriting a change from them.
   */
  readonly locality?: 'instruction' | 'stage';
  /**
   * For a stage rule that also depends on a file-wide fact (a majority, the names declared
   * anywhere): that fact, summed up. It is read from `LintContext.document`; when it changes,
   * every stage is linted again.
   */
  readonly fileKey?: (document: DockerfileModel) => string;
}

export function lintModel(model: DockerfileModel, rules: readonly RuleWithOptions[], options: LintOptions = {}): LintDiagnostic[] {
  const steps = lintSteps(model, rules, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

interface ActiveRule {
  readonly rule: RuleWithOptions;
  /** The rule's place in `rules`: diagnostics are merged in this order. */
  readonly rank: number;
  readonly severity: Severity;
}

/**
 * The same lint run, one rule per step, so a server can interleave other requests with a long
 * run and drop a run whose document version is already stale. With a `cache` (one per document,
 * kept across its versions), rules declared local to an instruction run only on the instructions
 * that changed since the last run, and rules declared local to a stage only on the stages those
 * are in and the stages built from them (lintCache.ts); the result is the same.
 */
export function* lintSteps(
  model: DockerfileModel,
  rules: readonly RuleWithOptions[],
  options: LintOptions = {},
  cache?: LintCache,
): Generator<void, LintDiagnostic[], void> {
  const file = ignoredInFile(model);
  const active: ActiveRule[] = [];
  rules.forEach((rule, rank) => {
    const severity = severityOf(rule, options, file);
    if (severity) active.push({ rule, rank, severity });
  });
  // A file without instructions has nothing to reuse (and its directive checks must still run).
  const incremental = cache && model.instructions.length > 0 && active.some((a) => a.rule.locality);
  const setting = incremental ? settingKey(model, file, options) : '';
  const plan = incremental ? cache.plan(model, setting, stageKey(model, active)) : undefined;
  const whole = lintContext(model, options);
  const contextOf = (view: DockerfileModel | undefined) => view && (view === model ? whole : lintContext(view, options, model));
  const local = contextOf(plan?.view);
  const stage = contextOf(plan?.stageView);
  const ranked: RankedDiagnostic[] = [];
  const found = new Map<number, RankedDiagnostic[]>();
  const stageFound = new Map<number, RankedDiagnostic[]>();
  // A finding belongs to its instruction's region; one on a comment or blank line, to the region holding that line.
  const collect = (into: Map<number, RankedDiagnostic[]>, rank: number) => (diagnostic: LintDiagnostic, instruction: Instruction | undefined) => {
    if (!plan) return;
    const region = LintCache.regionAt(plan.regions, instruction?.startLine ?? diagnostic.range.start.line);
    const list = into.get(region);
    if (list) list.push({ rank, diagnostic });
    else into.set(region, [{ rank, diagnostic }]);
  };
  for (const { rule, rank, severity } of active) {
    if (plan && rule.locality === 'instruction') {
      if (local) runRule(local, rule, severity, collect(found, rank));
    } else if (plan && rule.locality === 'stage') {
      if (stage) runRule(stage, rule, severity, collect(stageFound, rank));
    } else {
      runRule(whole, rule, severity, (diagnostic) => ranked.push({ rank, diagnostic }));
    }
    yield;
  }
  if (plan && cache) {
    ranked.push(...cache.update(model, setting, plan, found, stageFound));
    // Rule order first, as a run without the cache reports them; Array.prototype.sort is stable.
    ranked.sort((a, b) => a.rank - b.rank);
  }
  const out = ranked.map((r) => r.diagnostic);
  return mergeEquivalent(out, rules).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function lintContext(model: DockerfileModel, options: LintOptions, document: DockerfileModel = model): LintContext {
  const scriptCache = new Map<Instruction, readonly ShellScriptSource[]>();
  // Computed on first use: rules local to an instruction, linted on a view of the changed ones, never ask.
  let scopes: Scopes | undefined;
  let stageGraph: StageGraph | undefined;
  return {
    model,
    document,
    get scopes() {
      return (scopes ??= options.scope ? computeScopes(model, options.scope) : scopesOf(model));
    },
    get stageGraph() {
      return (stageGraph ??= stageGraphOf(model, this.scopes));
    },
    buildContext: options.buildContext,
    imagePlatforms: options.imagePlatforms,
    trustedRegistries: options.trustedRegistries,
    shellScripts: (instruction) => {
      let scripts = scriptCache.get(instruction);
      if (!scripts) scriptCache.set(instruction, (scripts = shellScriptsOf(model, instruction)));
      return scripts;
    },
  };
}

/** The severity a rule reports with, or undefined when it is off (setting, check directive, file-wide ignore). */
function severityOf(rule: RuleWithOptions, options: LintOptions, file: ReturnType<typeof ignoredInFile>): Severity | undefined {
  const setting = options.severities?.get(rule.id) ?? 'default';
  if (setting === 'off') return undefined;
  if (rule.category === 'buildkit' && !checkEnabled(rule, file.check)) return undefined;
  if (file.ids.has(rule.id)) return undefined;
  if (rule.category === 'buildkit' && file.check.errorOnWarning && setting === 'default') return 'error';
  return setting === 'default' ? rule.defaultSeverity : setting;
}

/** What stage rules depend on file-wide (their fileKeys), or undefined when no stage rule runs. */
function stageKey(model: DockerfileModel, active: readonly ActiveRule[]): string | undefined {
  const stageRules = active.filter((a) => a.rule.locality === 'stage');
  if (!stageRules.length) return undefined;
  return stageRules.map((a) => (a.rule.fileKey ? `${a.rule.id}=${a.rule.fileKey(model)}` : '')).join('\0');
}

/** Everything besides an instruction's own text that a local rule's diagnostics depend on. */
function settingKey(model: DockerfileModel, file: ReturnType<typeof ignoredInFile>, options: LintOptions): string {
  return JSON.stringify([
    model.escapeToken,
    model.directives.map((d) => [d.name, d.value, d.range]),
    [...file.ids].sort(),
    { ...file.check, skip: [...file.check.skip], experimental: [...file.check.experimental] },
    [...(options.severities ?? [])],
    options.trustedRegistries ?? [],
  ]);
}

/** Runs one rule, turning its findings into diagnostics (suppressions honoured, "ignore" fixes added). */
function runRule(context: LintContext, rule: RuleWithOptions, severity: Severity, emit: (d: LintDiagnostic, instruction: Instruction | undefined) => void): void {
  const { model } = context;
  const report = (finding: Finding) => {
    const instruction = finding.instruction ?? instructionAt(model, finding.range.start);
    if (instruction && isIgnoredAt(rule, instruction)) return;
    emit(
      {
        ruleId: rule.id,
        category: rule.category,
        severity,
        range: finding.range,
        message: finding.message,
        url: rule.url,
        fixes: [...(finding.fixes ?? []), ...ignoreFixes(model, rule, instruction)],
      },
      instruction,
    );
  };
  try {
    rule.check(context, report);
  } catch (err) {
    // A rule bug must not hide every other diagnostic; it surfaces as one internal finding.
    emit(
      {
        ruleId: rule.id,
        category: rule.category,
        severity: 'error',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `internal error in rule ${rule.id}: ${(err as Error).message} (please report this)`,
        fixes: [],
      },
      undefined,
    );
  }
}

/** Which diagnostic of an equivalent pair stays: the builder's own verdict before hadolint's. */
const CATEGORY_RANK: Record<RuleCategory, number> = { syntax: 0, buildkit: 1, hadolint: 2 };

/**
 * Drops a diagnostic when an equivalent rule reported the same line, and names it on the one kept.
 * Either rule of a pair may declare the equivalence; the one from the higher-ranked category stays.
 */
function mergeEquivalent(diagnostics: LintDiagnostic[], rules: readonly RuleWithOptions[]): LintDiagnostic[] {
  const equivalent = new Set<string>();
  for (const rule of rules) for (const other of rule.equivalentTo ?? []) equivalent.add(`${rule.id}\0${other}`).add(`${other}\0${rule.id}`);
  if (!equivalent.size) return diagnostics;
  const byLine = new Map<number, LintDiagnostic[]>();
  for (const d of diagnostics) {
    const list = byLine.get(d.range.start.line);
    if (list) list.push(d);
    else byLine.set(d.range.start.line, [d]);
  }
  const dropped = new Set<LintDiagnostic>();
  const alsoNamed = new Map<LintDiagnostic, string[]>();
  for (const line of byLine.values()) {
    if (line.length < 2) continue;
    for (const d of line) {
      if (dropped.has(d)) continue;
      const twin = line.find((o) => o !== d && !dropped.has(o) && equivalent.has(`${d.ruleId}\0${o.ruleId}`));
      if (!twin) continue;
      const [keep, drop] = CATEGORY_RANK[twin.category] <= CATEGORY_RANK[d.category] ? [twin, d] : [d, twin];
      dropped.add(drop);
      alsoNamed.set(keep, [...(alsoNamed.get(keep) ?? []), drop.ruleId]);
    }
  }
  if (!dropped.size) return diagnostics;
  return diagnostics
    .filter((d) => !dropped.has(d))
    .map((d) => {
      const names = alsoNamed.get(d);
      return names ? { ...d, message: `${d.message} (also ${names.join(', ')})` } : d;
    });
}

function checkEnabled(rule: RuleWithOptions, check: CheckOptions): boolean {
  if (rule.experimental) return check.experimentalAll || check.experimental.has(rule.id);
  return !check.skipAll && !check.skip.has(rule.id);
}

const ignoredCache = new WeakMap<Instruction, ReturnType<typeof ignoredAt>>();

function isIgnoredAt(rule: LintRule, instruction: Instruction): boolean {
  let here = ignoredCache.get(instruction);
  if (!here) ignoredCache.set(instruction, (here = ignoredAt(instruction)));
  if (here.ids.has(rule.id)) return true;
  if (rule.category === 'buildkit' && here.check && (here.check.skipAll || here.check.skip.has(rule.id))) return true;
  return false;
}

/** "Ignore <rule> for this instruction" (and, for BuildKit checks, "in this file"). */
function ignoreFixes(model: DockerfileModel, rule: LintRule, instruction: Instruction | undefined): Fix[] {
  const fixes: Fix[] = [];
  if (instruction) {
    const line = instruction.startLine;
    const indent = model.lines.lineText(line).match(/^\s*/)?.[0] ?? '';
    const comment =
      rule.category === 'hadolint' ? `# hadolint ignore=${rule.id}` : rule.category === 'buildkit' ? `# check=skip=${rule.id}` : `# berth ignore=${rule.id}`;
    fixes.push({
      title: `Ignore ${rule.id} for this instruction`,
      edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment}\n` }],
    });
  }
  if (rule.category === 'buildkit') {
    const directive = model.directives.find((d) => d.name === 'check');
    if (directive) {
      const skip = /(^|;)\s*skip\s*=([^;]*)/i.exec(directive.value);
      const value = skip
        ? directive.value.replace(skip[0], `${skip[1]}skip=${skip[2].trim() ? skip[2].trim() + ',' : ''}${rule.id}`)
        : `skip=${rule.id};${directive.value}`;
      fixes.push({ title: `Skip ${rule.id} in this file`, edits: [{ range: directive.valueRange, newText: value }] });
    } else {
      fixes.push({
        title: `Skip ${rule.id} in this file`,
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# check=skip=${rule.id}\n` }],
      });
    }
  }
  return fixes;
}
