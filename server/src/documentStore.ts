/**
 * The open Dockerfiles and what the server derives from them: one parsed model per document
 * version, shared by every feature, so a burst of requests after a keystroke parses once.
 */
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileModel, parseDockerfile, reparseDockerfile } from '../../engine/src/dockerfile/model';

export class DocumentStore {
  private readonly models = new Map<string, { version: number; model: DockerfileModel }>();

  constructor(readonly documents: TextDocuments<TextDocument>) {
    documents.onDidClose((e) => this.models.delete(e.document.uri));
  }

  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The model of the document's current version (parsed at most once per version). */
  model(uri: string): DockerfileModel | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.models.get(uri);
    if (cached && cached.version === document.version) return cached.model;
    // An edit leaves the instructions above it alone: the new version takes them over.
    const model = cached ? reparseDockerfile(cached.model, document.getText()) : parseDockerfile(document.getText());
    this.models.set(uri, { version: document.version, model });
    return model;
  }
}
