printf 'caf\351 \377\376\n'
