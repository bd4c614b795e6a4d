console.log('koogallery-mock: the mock marketplace is under construction.');
