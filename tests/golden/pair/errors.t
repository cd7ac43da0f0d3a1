# Mistakes in a `returning` clause, each at its place.
$ printf 'event call(dev) from ftrace get_status\nevent read(dev, status) from ftrace get_status_ret returning cal\n' >e.sm; specmon lint e.sm
e.sm:2:62: error: unknown event 'cal' after 'returning' (did you mean 'call'?)
    event read(dev, status) from ftrace get_status_ret returning cal
                                                                 ^~~
[2]
$ printf 'event call(dev) from ftrace get_status\nevent c1 = call where dev == 1\nevent read(dev, status) from ftrace get_status_ret returning c1\n' >e.sm; specmon lint e.sm
e.sm:3:62: error: 'c1' is a derived event: a return pairs with the records of a source event (its root is 'call')
    event read(dev, status) from ftrace get_status_ret returning c1
                                                                 ^~
[2]
$ printf 'event read(dev, status) from ftrace get_status_ret returning read\n' >e.sm; specmon lint e.sm
e.sm:1:62: error: event 'read' cannot be the return of itself
    event read(dev, status) from ftrace get_status_ret returning read
                                                                 ^~~~
[2]
$ printf 'event call(dev) from json call\nevent read(dev, status) from json ret returning call per tid\n    from json ret2 returning call\n' >e.sm; specmon lint e.sm
e.sm:3:30: error: another return of 'call' has 'per tid': every return of one entry names the same task
        from json ret2 returning call
                                 ^~~~
[2]
$ printf 'event call(dev) from json call\nevent read(dev, status) from json ret returning\n' >e.sm; specmon lint e.sm
e.sm:2:48: error: expected the entry event's name after 'returning', found end of file
    event read(dev, status) from json ret returning
                                                   ^
[2]
$ printf 'event call(dev) from json call\nevent read(dev, status) from json ret returning call per\n' >e.sm; specmon lint e.sm
e.sm:2:57: error: expected the task's field name after 'per', found end of file
    event read(dev, status) from json ret returning call per
                                                            ^
[2]
