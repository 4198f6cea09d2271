-- Run by tests/editor.rs in a headless Neovim on a broken report: waits for incidex's diagnostics,
-- asks for a hover, a completion and the quick fix, applies the fix as the editor does, waits
-- for the diagnostics again, and writes what it saw to $OUT.
local out = {}
local function log(s) table.insert(out, s) end
local function dump(label)
  log(label)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    log(string.format("  %d:%d-%d:%d %s %s", d.lnum, d.col, d.end_lnum, d.end_col, d.code or "", (d.message:gsub("\n", " | "))))
  end
end
local function ask(method, params)
  for _, answer in pairs(vim.lsp.buf_request_sync(0, method, params, 10000) or {}) do
    return answer.result
  end
end
local uri = vim.uri_from_bufnr(0)
vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 50)
dump("on open:")
local hover = ask("textDocument/hover", { textDocument = { uri = uri }, position = { line = 4, character = 13 } })
log("hover on the Durée line: " .. (hover.contents.value:gsub("\n", " | ")))
local items = ask("textDocument/completion", { textDocument = { uri = uri }, position = { line = 3, character = 15 } })
local labels = {}
for _, item in ipairs(items) do table.insert(labels, item.label) end
log("completion at the severity: " .. table.concat(labels, ", "))
local actions = ask("textDocument/codeAction", {
  textDocument = { uri = uri },
  range = { start = { line = 3, character = 16 }, ["end"] = { line = 3, character = 16 } },
  context = { diagnostics = {} },
})
log("quick fix: " .. actions[1].title)
vim.lsp.util.apply_workspace_edit(actions[1].edit, "utf-16")
log("line 4 now: " .. vim.api.nvim_buf_get_lines(0, 3, 4, false)[1])
vim.wait(10000, function() return #vim.diagnostic.get(0) == 1 end, 50)
dump("after the fix:")
local f = io.open(vim.env.OUT, "w"); f:write(table.concat(out, "\n") .. "\n"); f:close()
vim.cmd("qa!")
