/**
 * The lint rule contract. Each rule is a small pure module: it reads the Dockerfile model (and,
 * through the context, the variable scopes, the stage graph, parsed RUN scripts and an optional
 * view of the build context) and reports findings with ranges, messages and quick fixes. The
 * editor and `berth check`/`berth build --check` run the same rules, so they agree.
 */
import { DockerfileModel, Instruction } from '../model';
import { Range } from '../text';
import { Platform, Scopes } from '../scope';
import { StageGraph } from '../stageGraph';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * Where a rule comes from, which decides how it is suppressed:
 * - `syntax`: what the builder rejects (the build fails); `# berth ignore=` hides it in the editor.
 * - `buildkit`: BuildKit's build checks, under BuildKit's names; honours `# check=skip=`.
 * - `hadolint`: hadolint's best-practice rules, under hadolint's codes; honours `# hadolint ignore=`.
 */
export type RuleCategory = 'syntax' | 'buildkit' | 'hadolint';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix users most likely want (shown first, applied by "fix all"). */
  readonly preferred?: boolean;
}

export interface Finding {
  readonly range: Range;
  readonly message: string;
  readonly fixes?: readonly Fix[];
  /** The instruction the finding is about; per-instruction ignore comments attach to it. */
  readonly instruction?: Instruction;
}

/** The build context as rules may see it (the editor reads it from disk; tests pass literals). */
export interface BuildContextView {
  /** .dockerignore patterns in effect for this Dockerfile (Dockerfile.dockerignore first, else .dockerignore). */
  readonly ignorePatterns: readonly string[];
  /** True when the relative path (forward slashes) exists in the context. */
  exists(path: string): boolean;
}

/** A parsed shell script: the analyzer used by shell-aware rules caches one per RUN. */
export interface ShellScriptSource {
  readonly instruction: Instruction;
  /** The script text: the RUN command (continuations joined) or a heredoc body. */
  readonly text: string;
  /** Source offset of text[i] in the Dockerfile. */
  sourceOffset(index: number): number;
}

/** What the engine knows about local images' platforms (for InvalidBaseImagePlatform). */
export interface ImagePlatformCatalog {
  /** The platform of the local image `reference` resolves to, if the engine has one. */
  platformOf(reference: string): Platform | undefined;
}

export interface LintContext {
  /**
   * What the rule is to lint. An editor may pass a view of the document that leaves out the
   * instructions whose findings it reuses (lintCache.ts); see `document`.
   */
  readonly model: DockerfileModel;
  /** The whole document: where a stage rule with a `fileKey` reads the file-wide facts it names. */
  readonly document: DockerfileModel;
  readonly scopes: Scopes;
  readonly stageGraph: StageGraph;
  readonly buildContext?: BuildContextView;
  /** Registries FROM may use (hadolint's trustedRegistries, DL3026); absent or empty = any. */
  readonly trustedRegistries?: readonly string[];
  /** Local images' platforms; absent when no engine is known. */
  readonly imagePlatforms?: ImagePlatformCatalog;
  /** The shell scripts of a RUN (its shell form command and its heredoc bodies); [] for the exec form. */
  shellScripts(instruction: Instruction): readonly ShellScriptSource[];
}

export interface LintRule {
  /** Stable id: BuildKit's check name, hadolint's DLxxxx code, or Berth's own name. */
  readonly id: string;
  readonly category: RuleCategory;
  readonly defaultSeverity: Severity;
  /** One line, shown in settings and hovers. */
  readonly description: string;
  /** Documentation of the rule, if published. */
  readonly url?: string;
  /** True when findings come with a quick fix. */
  readonly fixable: boolean;
  check(context: LintContext, report: (finding: Finding) => void): void;
}
