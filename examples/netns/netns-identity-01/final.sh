cat "$HOME/who"
