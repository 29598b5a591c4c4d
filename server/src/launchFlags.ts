/**
 * The Node flags the client starts the language server with; the bench starts it the same way, so
 * it times what users get. Opening a large Dockerfile is the server's first real work: with V8's
 * default heap sizing its first lint ran scavenges and a full GC as the heap grew from its small
 * start. A 16 MB young generation and an old generation that starts at 64 MB let it finish without
 * them: diagnostics after opening the bench's 1000-line file ~55 → ~45 ms (medians over three
 * interleaved rounds of ten fresh servers), for ~4 MiB more RSS.
 */
export const serverExecArgv: readonly string[] = ['--min-semi-space-size=16', '--initial-old-space-size=64'];

/**
 * Changes to the editor's environment for the server, in vscode-languageclient's form (merged over
 * the editor's; undefined removes). With NODE_EXTRA_CA_CERTS set, Node parses that certificate
 * bundle before running any JavaScript: ~36 ms of the server's start where it names the system's
 * 140 CAs (as on Debian machines behind a proxy). The server opens no TLS connections.
 */
export const serverEnvOverrides: Readonly<Record<string, string | undefined>> = { NODE_EXTRA_CA_CERTS: undefined };
