// The documents Open Config opens: one read-only document per config (CONFIG_SCHEME), whose
// text is the config's data exactly when it is UTF-8 text, else a note and its base64. The
// title is the config's name (with its templating driver); the ID, in the query, is what is read.
import * as vscode from 'vscode';
import { CONFIG_SCHEME } from '../constants';
import type { SwarmClient } from '../docker/swarmClient';
import type { SwarmConfig, SwarmConfigWithData } from '../model/swarmObjects';
import { configText, type ConfigText } from '../swarmObjects/configText';

export class ConfigDocuments implements vscode.TextDocumentContentProvider {
  /** Configs the command has just read, handed to VS Code once without reading them again. */
  private readonly justRead = new Map<string, ConfigText>();

  constructor(private readonly client: () => SwarmClient) {}

  static uriFor(config: SwarmConfig): vscode.Uri {
    // Names are letters, digits, "-", "_" and "." only (the Engine's rule): safe in a path.
    const title = config.templating ? `${config.name} (template: ${config.templating})` : config.name;
    return vscode.Uri.from({ scheme: CONFIG_SCHEME, path: `/${title}`, query: `id=${encodeURIComponent(config.id)}` });
  }

  /** The document's URI and text for a config just inspected. */
  read(config: SwarmConfigWithData): { uri: vscode.Uri; shown: ConfigText } {
    const uri = ConfigDocuments.uriFor(config);
    const shown = configText(config.data);
    this.justRead.set(uri.toString(), shown);
    return { uri, shown };
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    const known = this.justRead.get(key);
    this.justRead.delete(key);
    if (known) return known.text;
    // Opened again after it was closed: a config's data never changes, but it may be gone.
    const id = new URLSearchParams(uri.query).get('id') ?? '';
    return configText((await this.client().inspectConfig(id)).data).text;
  }
}
