s/unterminated
