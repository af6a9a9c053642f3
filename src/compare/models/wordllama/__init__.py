"""wordllama l2_supercat (MIT, see LICENSE): the 256-dimension token table and its tokenizer, as wordllama 0.4.0 ships them."""
