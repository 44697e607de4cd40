true && echo and-ran; false && echo not-printed; false || echo or-ran; true || echo not-printed
echo end
