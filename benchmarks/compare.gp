# compare.sh's chart: each mode's req/s relative to `bare` in the same round (median over rounds;
# the whiskers span the lowest and highest round), on a valid key and on an unknown key.
#   gnuplot -e "data='ratios.tsv'; out='compare.png'; subtitle='…'; note='…'" benchmarks/compare.gp
if (!exists("subtitle")) subtitle = ''
if (!exists("note")) note = ''
set title "Requests/s relative to no filter (bare = 1), same round\n{/*0.8 ".subtitle."}".(note eq '' ? '' : "\n{/*0.8 ".note."}")
set datafile separator "\t"
set datafile missing "NaN"
set datafile columnheaders
stats data using 4 nooutput name 'V'
stats data using 7 nooutput name 'U'
top = (V_max > U_max ? V_max : U_max)
# 160 px a mode, so that long mode names stay apart.
width = V_records * 160 + 120
set terminal pngcairo size (width > 900 ? width : 900),560 font 'sans,11'
set output out
set key outside bottom center horizontal
set bmargin 6
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set yrange [0:(top > 1 ? top : 1) * 1.12]
set ytics 0.1
set grid ytics lc rgb '#dddddd'
set ylabel 'req/s ÷ bare'
set xtics nomirror
set xrange [-0.6:V_records - 0.4]
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb '#888888'
plot data using 2:3:4:xtic(sprintf("%s\n%.2f | %.2f", strcol(1), $2, $5)) title 'valid key' lc rgb '#4a7ab5', \
     ''   using 5:6:7 title 'unknown key (401; bare: 200)' lc rgb '#e08a3c'
