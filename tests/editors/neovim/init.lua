-- incidex's language server for Markdown files in Neovim 0.7 to 0.9 (no vim.lsp.start yet):
-- one server for every Markdown buffer; it finds each report's site itself. README shows it.
local incidex_client
vim.api.nvim_create_autocmd("FileType", {
  pattern = "markdown",
  callback = function(args)
    if not incidex_client then
      incidex_client = vim.lsp.start_client({ name = "incidex", cmd = { "incidex", "lsp" } })
    end
    vim.lsp.buf_attach_client(args.buf, incidex_client)
  end,
})
