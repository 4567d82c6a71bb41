// Layer switches and attribution focus on the article page. The page works without it.
document.querySelectorAll(".layers input[data-layer]").forEach((box) => {
  box.addEventListener("change", () => {
    document.getElementById("text").classList.toggle("hide-" + box.dataset.layer, !box.checked);
  });
});
function focusAttribution(id) {
  document.querySelectorAll(".att.active").forEach((el) => el.classList.remove("active"));
  document.querySelectorAll('.text [data-att~="' + CSS.escape(id) + '"]').forEach((el) => el.classList.add("active"));
}
document.querySelectorAll(".attributions li[data-att]").forEach((li) => {
  li.addEventListener("mouseenter", () => focusAttribution(li.dataset.att));
});
if (location.hash.startsWith("#att-")) focusAttribution(location.hash.slice(5));
window.addEventListener("hashchange", () => {
  if (location.hash.startsWith("#att-")) focusAttribution(location.hash.slice(5));
});
