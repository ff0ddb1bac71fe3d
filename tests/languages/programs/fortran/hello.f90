program main
  implicit none
  print '(a)', "Hello, World!"
end program main
