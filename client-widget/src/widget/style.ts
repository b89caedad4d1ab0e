// The widget's stylesheet, inside its shadow root: nothing leaks in or out.
// Themable with custom properties on the host element:
//   #parley-comments { --parley-accent: #b00; --parley-font: Georgia, serif; }
// Light and dark follow prefers-color-scheme; data-theme="light|dark" forces one.
export const CSS = `
:host{all:initial;display:block;contain:content}
[hidden]{display:none!important}
.pw{--fg:var(--parley-fg,#1b1b1f);--bg:var(--parley-bg,#fff);--muted:var(--parley-muted,#5b5b66);--line:var(--parley-border,#d4d4da);--accent:var(--parley-accent,#0b57d0);--err:var(--parley-error,#b3261e);
color:var(--fg);background:var(--bg);font:16px/1.5 var(--parley-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);padding:.5em 0}
@media (prefers-color-scheme:dark){:host(:not([data-theme=light])) .pw{--fg:var(--parley-fg,#e6e6ea);--bg:var(--parley-bg,#16161a);--muted:var(--parley-muted,#a8a8b3);--line:var(--parley-border,#3a3a42);--accent:var(--parley-accent,#8ab4f8);--err:var(--parley-error,#f2b8b5)}}
:host([data-theme=dark]) .pw{--fg:var(--parley-fg,#e6e6ea);--bg:var(--parley-bg,#16161a);--muted:var(--parley-muted,#a8a8b3);--line:var(--parley-border,#3a3a42);--accent:var(--parley-accent,#8ab4f8);--err:var(--parley-error,#f2b8b5)}
h2{font-size:1.25em;margin:0 0 .75em}h3{font-size:1.1em;margin:1em 0 .5em}
ol{list-style:none;margin:0;padding:0}.replies{margin-left:1.25em;padding-left:.75em;border-left:2px solid var(--line)}
.c{padding:.75em 0;border-top:1px solid var(--line)}
.c header{display:flex;align-items:center;gap:.5em;color:var(--muted);font-size:.9em}
.av{width:28px;height:28px;border-radius:4px;background:var(--line);flex:none}
.n{font-weight:600;color:var(--fg)}a{color:var(--accent)}
.b{overflow-wrap:anywhere}.b p{margin:.4em 0}.b pre{overflow:auto;white-space:pre-wrap}
.p{color:var(--muted);font-style:italic;margin:.25em 0}
button{font:inherit;color:var(--accent);background:none;border:1px solid var(--line);border-radius:4px;padding:.25em .75em;cursor:pointer}
button[type=submit]{background:var(--accent);color:var(--bg);border-color:var(--accent);padding:.5em 1.25em}
button:disabled{opacity:.6}.r{border:0;padding:0;font-size:.9em}
.new{display:block;margin:.5em 0}.more{margin:.75em 0}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.f{margin:.5em 0}.f label{display:block;font-weight:600}.req{color:var(--err)}
input,textarea{box-sizing:border-box;width:100%;max-width:36em;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.4em}
[aria-invalid=true]{border-color:var(--err)}.e{color:var(--err);display:block;font-size:.9em}
.save{display:flex;gap:.5em;align-items:flex-start}.save input{width:auto;accent-color:var(--accent)}.save label{font-weight:400}
.note,.closed{color:var(--muted);font-size:.9em}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
