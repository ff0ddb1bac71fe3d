-module(main).
-export([main/0]).

main() ->
    io:setopts(standard_io, [binary]),
    loop().

loop() ->
    case io:get_chars(standard_io, "", 4096) of
        eof -> ok;
        Data -> io:put_chars(Data), loop()
    end.
