"""Web helpers every domain's pages share: page-or-fragment, registers, refusals, widgets."""
