"""Claims from text: who transfers what to whom, how certain, said by whom, breaching what."""
