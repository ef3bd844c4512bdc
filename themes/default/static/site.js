// Loaded in <head>, before any image: the error listener must be in place when images load.

// A picture that fails to load (a paper refusing hot links) is removed, so its placeholder shows
// instead of a broken-image icon.
document.addEventListener("error", (event) => {
  if (event.target instanceof HTMLImageElement && event.target.closest(".picture")) event.target.remove();
}, true);

// Today's date in the masthead, in the page's language ("Chủ Nhật, 06/12/2026").
document.addEventListener("DOMContentLoaded", () => {
  const today = document.getElementById("hom-nay");
  if (!today) return;
  const vi = document.documentElement.lang === "vi";
  today.textContent = new Date().toLocaleDateString(vi ? "vi-VN" : "en-GB",
    { weekday: "long", day: vi ? "2-digit" : "numeric", month: vi ? "2-digit" : "long", year: "numeric" });
});
