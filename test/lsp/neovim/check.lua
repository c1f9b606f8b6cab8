-- Drives source-linked-ls from Neovim's built-in LSP client (0.7+), headless.
-- Usage: nvim --headless -u NONE -l? (0.7 has no -l) => nvim --headless -u NONE -c "luafile check.lua"
-- Env: SL_SERVER (dist/server.js), SL_WORKSPACE, SL_DRAFT, SL_OUT (JSON result file).
local server = os.getenv('SL_SERVER')
local ws = os.getenv('SL_WORKSPACE')
local draft = os.getenv('SL_DRAFT')
local out = os.getenv('SL_OUT')
local result = { diagnostics = {}, completion = {}, hover = '' }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'source-linked',
    cmd = { 'node', server, '--stdio' },
    root_dir = ws,
    workspace_folders = { { uri = vim.uri_from_fname(ws), name = 'ws' } },
    settings = { sourceLinked = { corpus = { 'seeds' } } },
    init_options = { corpus = { 'seeds' } },
  })
  vim.cmd('edit ' .. draft)
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'markdown'
  vim.lsp.buf_attach_client(bufnr, client_id)

  vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), lnum = d.lnum, col = d.col, message = d.message })
  end

  -- Completion after "[@" appended to the line that states 524.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local target
  for i, l in ipairs(lines) do if l:find('524 police officers', 1, true) then target = i - 1 end end
  local line = lines[target + 1]
  local cut = line:find('country', 1, true) + #'country' - 1
  local newline = line:sub(1, cut) .. ' [@'
  vim.api.nvim_buf_set_lines(bufnr, target, target + 1, false, { newline })
  local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = target, character = #newline },
  }, 10000)
  for _, r in pairs(resp or {}) do
    local items = r.result and (r.result.items or r.result) or {}
    for i, it in ipairs(items) do if i <= 3 then table.insert(result.completion, it.label) end end
  end

  -- Hover on the citation of the "415" sentence.
  for i, l in ipairs(lines) do
    local s = l:find('@edomex-officers-killed-2021, para. 3', 1, true)
    if s then
      local h = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
        textDocument = { uri = vim.uri_from_bufnr(bufnr) },
        position = { line = i - 1, character = s + 2 },
      }, 10000)
      for _, r in pairs(h or {}) do
        if r.result and r.result.contents then result.hover = r.result.contents.value or '' end
      end
    end
  end
  vim.lsp.stop_client(client_id)
end)
if not ok then result.error = tostring(err) end
finish()
