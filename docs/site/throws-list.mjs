// A typedoc plugin: a method's `@throws` tags, rendered as one "Throws" section holding a list
// (one item per tag, in source order) instead of one "Throws" heading per tag.
import { CommentTag, Converter } from "typedoc";

/** The parts of one `@throws` tag as a Markdown list item; continuation lines stay in the item. */
function asListItem(tag) {
  const parts = tag.content.map((part) => (part.kind === "text" ? { ...part, text: part.text.replace(/\n(?!\n)/g, "\n  ") } : part));
  return [{ kind: "text", text: "- " }, ...parts, { kind: "text", text: "\n" }];
}

/** Replaces a comment's `@throws` tags, when there are two or more, with one tag whose content is a list. */
function mergeThrows(comment) {
  const throws = comment.blockTags.filter((tag) => tag.tag === "@throws");
  if (throws.length < 2) return;
  const merged = new CommentTag("@throws", throws.flatMap(asListItem));
  const first = comment.blockTags.indexOf(throws[0]);
  const others = comment.blockTags.filter((tag) => tag.tag !== "@throws");
  comment.blockTags = [...others.slice(0, first), merged, ...others.slice(first)];
}

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (reflection.comment) mergeThrows(reflection.comment);
    }
  });
}
