"""Ukrainian and Russian tokens and named entities (razdel, pymorphy3, natasha/slovnet, rules)."""
