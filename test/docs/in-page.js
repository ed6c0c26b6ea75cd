// Evaluated in the browser, on one page of the docs site (passed to page.evaluate as text, so no
// build step touches it). Returns what test/docs/site.test.ts asserts on: plain JSON.
(() => {
  const RAW_LINK = /\{@link|\{@include|"inngest-rest(\/testing)?"[!.]|\]\([^)\s]+\.md(#[^)]*)?\)/;
  const visible = (el) => el.offsetParent !== null || getComputedStyle(el).position === "fixed";

  /** Text outside code that still shows link or Markdown syntax, as rendered text. */
  function rawLinkText() {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest("pre, code, script, style")) continue;
      const match = RAW_LINK.exec(node.textContent ?? "");
      if (match) found.push(node.textContent.trim().slice(0, 120));
    }
    return found;
  }

  /** The content height of a box, without its padding. */
  const contentHeight = (el) => {
    const s = getComputedStyle(el);
    return el.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
  };

  /** Code blocks that render more lines than their text has: wrapped, not scrolled. */
  function wrappedCodeBlocks() {
    const wrapped = [];
    for (const pre of document.querySelectorAll("pre")) {
      if (!visible(pre)) continue;
      const code = pre.querySelector(":scope > code") ?? pre;
      const text = code.innerText.replace(/\n$/, "");
      const lines = text.split("\n").length;
      // A copy of the block holding `lines` one-character lines: the height the block has unwrapped.
      const probe = pre.cloneNode(false);
      probe.textContent = Array.from({ length: lines }, () => "x").join("\n");
      pre.after(probe);
      const unwrapped = contentHeight(probe);
      const oneLine = unwrapped / lines;
      probe.remove();
      const rendered = lines + Math.round((contentHeight(pre) - unwrapped) / oneLine);
      if (rendered > lines) wrapped.push({ lines, rendered, start: text.slice(0, 80) });
    }
    return wrapped;
  }

  /** The boxes of the text an element renders (typedoc splits names into pieces with <wbr>). */
  function textRects(el) {
    const rects = [];
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) rects.push(rect);
    }
    return rects;
  }

  /** Sidebar and page-menu names of one word that render on more than one line, or past the sidebar's edge. */
  function brokenNames() {
    const broken = [];
    for (const a of document.querySelectorAll(".tsd-navigation a, .tsd-page-navigation a")) {
      if (!visible(a)) continue;
      const name = a.textContent.trim();
      if (!name || /\s/.test(name)) continue;
      const rects = textRects(a);
      if (new Set(rects.map((r) => Math.round(r.top))).size > 1) broken.push(`${name}: broken over lines`);
      const menu = a.closest(".site-menu, .page-menu");
      const right = Math.max(...rects.map((r) => r.right));
      if (menu && right > menu.getBoundingClientRect().right + 1) broken.push(`${name}: past the edge`);
    }
    return broken;
  }

  /** The most "Throws" sections any one comment has. */
  function mostThrowsSections() {
    let most = 0;
    for (const comment of document.querySelectorAll(".tsd-comment")) {
      most = Math.max(most, comment.querySelectorAll(":scope > .tsd-tag-throws").length);
    }
    return most;
  }

  const links = [...document.querySelectorAll("a[href]")]
    .map((a) => ({ href: a.href, inContent: Boolean(a.closest(".col-content")) }))
    .filter((l) => l.href.startsWith(location.origin));

  return {
    title: document.title,
    rawLinks: rawLinkText(),
    wrappedCode: wrappedCodeBlocks(),
    brokenNames: brokenNames(),
    mostThrows: mostThrowsSections(),
    pageWidth: document.documentElement.scrollWidth,
    links,
  };
})()
