// The widget's stylesheet, inside its shadow root: nothing leaks in or out.
// Themable with custom properties on the host element (every --parley-* is in
// the README, with its default), e.g.
//   #parley-comments { --parley-accent: #b00; --parley-font: Georgia, serif; }
// The background is the page's own (transparent): the dark preset changes the
// ink, not the paper. mount.ts picks it from the page (theme.ts); data-theme on
// the host forces one.
// Scales: type 0.8125 / 0.875 / 1 / 1.25 em; space 4 / 8 / 12 / 16 / 24 px.
export const CSS = `
:host{all:initial;display:block;contain:content}
[hidden]{display:none!important}
.pw{--fg:var(--parley-fg,#1b1b1f);--muted:var(--parley-muted,#5e5e6a);--line:var(--parley-border,#dcdce2);--field:var(--parley-field,#fff);--edge:var(--parley-field-border,#8e8e9a);--soft:var(--parley-surface,#f5f5f7);--accent:var(--parley-accent,#0b57d0);--on:var(--parley-accent-fg,#fff);--err:var(--parley-error,#b3261e);--hl:var(--parley-highlight,#e8f0fe);--av:var(--parley-avatar,40px);--r:var(--parley-radius,10px);
--s1:4px;--s2:8px;--s3:12px;--s4:16px;--s6:24px;--sm:.875em;--xs:.8125em;
color:var(--fg);background:var(--parley-bg,transparent);font:var(--parley-font-size,16px)/1.55 var(--parley-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);padding:var(--s2) 0}
.dark{color-scheme:dark;--fg:var(--parley-fg,#e8e8ec);--muted:var(--parley-muted,#a6a6b2);--line:var(--parley-border,#ffffff24);--field:var(--parley-field,#ffffff0d);--edge:var(--parley-field-border,#8c8c99);--soft:var(--parley-surface,#ffffff0f);--accent:var(--parley-accent,#9ec0ff);--on:var(--parley-accent-fg,#0c1a33);--err:var(--parley-error,#ffb4ab);--hl:var(--parley-highlight,#9ec0ff24)}
.top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:var(--s2) var(--s4);margin-bottom:var(--s2)}
h2{font-size:1.25em;line-height:1.3;margin:0}h3{font-size:1em;margin:0 0 var(--s3)}
.sort{display:flex;align-items:center;gap:var(--s2);margin:0;font-size:var(--sm);color:var(--muted)}
select{font:inherit;color:var(--fg);background:var(--field);border:1px solid var(--edge);border-radius:6px;padding:var(--s1) var(--s2)}
.list,.replies{list-style:none;margin:0;padding:0}
.list>li{border-top:1px solid var(--line)}.list>li:last-child{border-bottom:1px solid var(--line)}
.replies{margin-left:calc(var(--av)/2 - 1px);padding-left:calc(var(--av)/2 - 1px);border-left:2px solid var(--line)}
.c{display:grid;grid-template-columns:var(--av) minmax(0,1fr);gap:var(--s3);padding:var(--s4) 0 var(--s2);scroll-margin:var(--s6)}
.c:focus:not(:focus-visible){outline:0}
.hl{outline:0!important;background:var(--hl);border-radius:var(--r);box-shadow:0 0 0 var(--s2) var(--hl)}
.av{width:var(--av);height:var(--av);border-radius:50%;background:var(--soft);box-sizing:border-box;padding:calc(var(--av)/5)}
.m{min-width:0}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 var(--s2);font-size:var(--sm);color:var(--muted)}
.n{font-weight:650;font-size:1rem;color:var(--fg);text-decoration:none;overflow-wrap:anywhere}a.n:hover{text-decoration:underline}
.badge{font-size:var(--xs);font-weight:600;color:var(--accent);border:1px solid currentColor;border-radius:99px;padding:0 var(--s2)}
.t{color:inherit;text-decoration:none}a.t:hover{text-decoration:underline}
.t,.ed{white-space:nowrap}header>:not(:last-child)::after{content:"·";margin-left:var(--s2);color:var(--muted);font-weight:400}.n:has(+.badge)::after,.badge::after{content:none!important}.ed{font-style:italic}
.aw{font-size:var(--sm);font-weight:400;color:var(--muted)}
a{color:var(--accent)}
.b{overflow-wrap:anywhere;margin:var(--s1) 0 0}.b>:first-child{margin-top:0}.b>:last-child{margin-bottom:0}
.b p,.b ul,.b ol,.b pre,.b blockquote{margin:var(--s2) 0}.b ul,.b ol{padding-left:1.5em}
.b blockquote{border-left:3px solid var(--line);padding-left:var(--s3);color:var(--muted)}
.b code{font:.9em ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--soft);border-radius:4px;padding:.1em .3em}
.b pre{overflow:auto;white-space:pre-wrap;background:var(--soft);border-radius:6px;padding:var(--s2) var(--s3)}.b pre code{padding:0}
.p{display:inline-block;font-size:var(--sm);color:var(--muted);background:var(--soft);border-radius:6px;padding:var(--s1) var(--s2);margin:var(--s2) 0 0}
.acts{display:flex;flex-wrap:wrap;gap:0 var(--s2);margin:var(--s1) 0 0 calc(-1 * var(--s2))}
button{font:inherit;font-weight:600;color:var(--fg);background:var(--field);border:1px solid var(--edge);border-radius:8px;padding:var(--s2) var(--s4);cursor:pointer}
button:disabled{opacity:.6;cursor:default}
.a{display:inline-flex;align-items:center;gap:var(--s1);font-size:var(--sm);color:var(--muted);background:none;border:0;border-radius:6px;padding:var(--s1) var(--s2);min-height:32px}
.a:hover{color:var(--fg);background:var(--soft)}
.like svg{width:16px;height:16px;fill:none;stroke:currentColor;stroke-width:1.6}
.like[aria-pressed=true],.a[aria-pressed=true]{color:var(--accent)}.like[aria-pressed=true] svg{fill:currentColor}
.k:empty{display:none}
.go,.danger{color:var(--on);background:var(--accent);border-color:var(--accent)}.danger{background:var(--err);border-color:var(--err)}
.new{display:block;margin:var(--s3) auto;border-radius:99px;color:var(--accent);border-color:var(--accent)}
.more{display:block;width:100%;margin:var(--s4) 0}.all{margin:0 0 var(--s2) calc(-1 * var(--s2))}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.empty,.closed{margin:var(--s4) 0;padding:var(--s6) var(--s4);text-align:center;color:var(--muted);border:1px dashed var(--edge);border-radius:var(--r)}
.notice{margin:var(--s3) 0;padding:var(--s3) var(--s4);border:1px solid var(--err);border-left-width:4px;border-radius:var(--r);overflow-wrap:anywhere}.notice p{margin:0 0 var(--s2)}.notice p:last-child{margin:0}
form{margin:var(--s6) 0 var(--s2);padding:var(--s4);border:1px solid var(--line);border-radius:var(--r);background:var(--soft)}
.replies form,.inline{margin:var(--s2) 0 var(--s4)}.inline{padding:0;border:0;background:none}.inline p{margin:var(--s2) 0}
.f{margin:0 0 var(--s3)}.f label{display:block;font-size:var(--sm);font-weight:600;margin-bottom:var(--s1)}.req{color:var(--err);margin-left:2px}
.who{display:grid;grid-template-columns:repeat(auto-fit,minmax(11em,1fr));gap:0 var(--s3)}
input,textarea{box-sizing:border-box;display:block;width:100%;font:inherit;color:var(--fg);background:var(--field);border:1px solid var(--edge);border-radius:8px;padding:var(--s2) var(--s3)}
textarea{min-height:7.5em;resize:vertical}
.pv{box-sizing:border-box;min-height:7.5em;background:var(--field);border:1px dashed var(--edge);border-radius:8px;padding:var(--s2) var(--s3)}
.hint{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:0 var(--s2);margin:var(--s1) 0 0;font-size:var(--xs);color:var(--muted)}.hint .a{margin-right:calc(-1 * var(--s2))}
[aria-invalid=true]{border-color:var(--err);box-shadow:inset 0 0 0 1px var(--err)}.e{color:var(--err);display:block;font-size:var(--sm)}.e:empty{display:none}
.save{display:flex;gap:var(--s2);align-items:flex-start;font-size:var(--sm);margin:var(--s2) 0}.save input{width:auto;margin:.2em 0 0;accent-color:var(--accent)}
.note{color:var(--muted);font-size:var(--sm);margin:0 0 var(--s2)}
.row{display:flex;flex-wrap:wrap;gap:var(--s2);margin:var(--s3) 0 0}
.hp,.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.hp{left:-10000px}
`;
