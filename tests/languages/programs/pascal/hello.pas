program Main;
begin
  writeln('Hello, World!');
end.
