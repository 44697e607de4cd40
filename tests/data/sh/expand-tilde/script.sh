echo ~ ~/x ~root "~"
