"""Outputs: JSON, the HTML reader page, the terminal summary. No stage writes files; these do."""
