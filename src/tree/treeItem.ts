// A tree row as plain data, and the one place it becomes a vscode.TreeItem. The mappers that
// build rows (servicesItems.ts, nodesItems.ts) stay free of the VS Code API, so plain mocha
// can test every id, contextValue and description they produce.
import * as vscode from 'vscode';

export interface ItemSpec {
  label: string;
  id: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Matched by package.json's `when` clauses. */
  contextValue: string;
  description?: string;
  tooltip?: string;
  /** A codicon, with a theme color id. */
  icon?: { id: string; color?: string };
}

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

/** Engine text only ever reaches plain-text fields (label, description, tooltip as a string). */
export function toTreeItem(spec: ItemSpec): vscode.TreeItem {
  const item = new vscode.TreeItem(spec.label, COLLAPSIBLE[spec.collapsible]);
  item.id = spec.id;
  if (spec.description !== undefined) item.description = spec.description;
  if (spec.tooltip !== undefined) item.tooltip = spec.tooltip;
  item.contextValue = spec.contextValue;
  if (spec.icon) item.iconPath = new vscode.ThemeIcon(spec.icon.id, spec.icon.color ? new vscode.ThemeColor(spec.icon.color) : undefined);
  return item;
}
